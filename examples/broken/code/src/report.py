"""Sales report, invoked by the back office. The `for` line misses its colon: Lambda would fail with
Runtime.UserCodeSyntaxError before the handler ever runs (LA002)."""
import json


def lambda_handler(event, context):
    totals = {}
    for order in event.get("orders", [])
        totals[order["day"]] = totals.get(order["day"], 0) + order["total"]
    return {"statusCode": 200, "body": json.dumps(totals)}
