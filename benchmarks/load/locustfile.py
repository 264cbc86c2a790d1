"""The load mix of issue 11: operators, officials, the commission and the public, each simulated user signed in
with a generated account of its own (password, then the authenticator code from the published benchmark key).

The pages come from benchmarks/load/prepare.py (LOAD_PLAN names its JSON). Run by benchmarks/load/run.py.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import time

from django_otp.oath import TOTP
from locust import HttpUser, between, task

SCALE_TOTP_KEY = bytes.fromhex("3132333435363738393031323334353637383930")  # = generator.SCALE_TOTP_KEY
PASSWORD = os.environ.get("LOAD_PASSWORD", "Scale-Bench-Quokka-2026")
PLAN = json.loads(open(os.environ["LOAD_PLAN"], encoding="utf-8").read())  # noqa: SIM115
NEXT = {role: itertools.count() for role in PLAN}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class PortalUser(HttpUser):
    abstract = True
    role = ""
    wait_time = between(0.5, 2)

    def on_start(self):
        accounts = PLAN[self.role]
        self.account = accounts[next(NEXT[self.role]) % len(accounts)]
        self.pages = list(self.account["pages"].items())
        if self.account["username"]:
            self.sign_in(self.account["username"])

    def post_form(self, path: str, data: dict, name: str):
        page = self.client.get(path, name=name)
        token = CSRF.search(page.text)
        data = {**data, "csrfmiddlewaretoken": token.group(1) if token else ""}
        return self.client.post(path, data, name=name, allow_redirects=False)

    def sign_in(self, username: str) -> None:
        response = self.post_form("/accounts/login/", {"username": username, "password": PASSWORD}, "sign-in")
        if response.status_code != 302:
            raise RuntimeError(f"{username}: sign-in answered {response.status_code}")
        if self.role == "operator":
            return
        code = str(TOTP(SCALE_TOTP_KEY).token()).zfill(6)
        response = self.post_form("/accounts/second-factor/code/", {"code": code}, "sign-in code")
        if response.status_code != 302:  # the step's code was used by another user of the same account: next step
            time.sleep(30 - time.time() % 30 + 0.5)
            code = str(TOTP(SCALE_TOTP_KEY).token()).zfill(6)
            self.post_form("/accounts/second-factor/code/", {"code": code}, "sign-in code")

    @task
    def open_a_page(self):
        name, path = self.pages[int(time.time() * 1000) % len(self.pages)]
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")


class Operator(PortalUser):
    role = "operator"
    weight = 5


class Official(PortalUser):
    role = "official"
    weight = 5


class Commission(PortalUser):
    role = "commission"
    weight = 3


class Public(PortalUser):
    role = "public"
    weight = 3
