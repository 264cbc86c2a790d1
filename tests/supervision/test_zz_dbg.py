from tests.supervision.test_exports import *  # noqa

def test_dbg(client, commission, operator, official, haibin):
    institution = register_row(haibin, operator)
    finished_inspection(institution, official, problems=2)
    make_published_schedule(institution, operator)
    make_report(institution, operator)
    complaint_about(institution)
    client.force_login(commission)
    for key in EXPORTS:
        for fmt in ("csv","xlsx"):
            with CaptureQueriesContext(connection) as q:
                r = export(client, key, fmt); b = body(r)
            print(key, fmt, len(q), r.streaming, len(b))
            if key == "inspections" and fmt == "csv":
                for x in q.captured_queries: print("   ", x["sql"][:150])
