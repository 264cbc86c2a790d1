#!/usr/bin/env bash
# `nginx -t` of deploy/nginx/baodi-care.conf, as Debian's nginx would load it from sites-enabled: a throwaway
# nginx.conf that includes the site, with a self-signed certificate (openssl) in place of the one the site names.
# Exits non-zero if nginx rejects the site. Needs nginx and openssl; needs no root and touches nothing outside $dir.
set -euo pipefail
cd "$(dirname "$0")/.."
site=${1:-deploy/nginx/baodi-care.conf}  # another file only to test this check itself
dir=$(mktemp -d /tmp/baodi-nginx.XXXXXX)
trap 'rm -rf "$dir"' EXIT

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=tuoyu.baodi.gov.cn" \
  -keyout "$dir/privkey.pem" -out "$dir/fullchain.pem" 2>/dev/null
# The certificate paths the site names, pointed at the throwaway pair; nothing else of the site is changed.
sed -e "s#/etc/ssl/baodi-care/#$dir/#g" "$site" >"$dir/site.conf"
grep -q "$dir/fullchain.pem" "$dir/site.conf" || { echo "$site names no /etc/ssl/baodi-care/fullchain.pem"; exit 1; }

mime=/etc/nginx/mime.types
cat >"$dir/nginx.conf" <<CONF
pid $dir/nginx.pid;
error_log $dir/error.log;
events {}
http {
    $( [ -f "$mime" ] && echo "include $mime;" )
    access_log off;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    include $dir/site.conf;
}
CONF
nginx -t -q -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf"
echo "nginx -t: $site is valid ($(nginx -v 2>&1))"
