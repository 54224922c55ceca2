"""POST /orders: validate an order, store it, upload a receipt and queue an event."""
import json
import os
import uuid
from datetime import datetime, timezone
from decimal import Decimal

import boto3

ORDERS_TABLE = os.environ["ORDERS_TABLE"]
RECEIPTS_BUCKET = os.environ["RECEIPTS_BUCKET"]
ORDER_EVENTS_QUEUE_URL = os.environ["ORDER_EVENTS_QUEUE_URL"]

# Created once per execution environment and reused by every warm invocation:
# this is the pattern LA101 asks for, so these two lines are not reported.
s3 = boto3.client("s3")
orders_table = boto3.resource("dynamodb").Table(ORDERS_TABLE)


def _response(status, body):
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(body),
    }


def _total(items):
    return sum(Decimal(str(i["price"])) * int(i["quantity"]) for i in items)


def lambda_handler(event, context):
    try:
        order = json.loads(event.get("body") or "{}")
    except json.JSONDecodeError:
        return _response(400, {"message": "body is not JSON"})
    items = order.get("items") or []
    if not items or "customerEmail" not in order:
        return _response(400, {"message": "items and customerEmail are required"})

    order_id = str(uuid.uuid4())
    created_at = datetime.now(timezone.utc).isoformat()
    total = _total(items)
    orders_table.put_item(
        Item={
            "orderId": order_id,
            "customerEmail": order["customerEmail"],
            "items": json.loads(json.dumps(items), parse_float=Decimal),
            "total": total,
            "createdAt": created_at,
        }
    )

    # LA102: the receipt stays in /tmp after the invocation. Warm invocations
    # keep adding files until the 512 MB of /tmp are full.
    receipt_path = f"/tmp/receipt-{order_id}.json"
    with open(receipt_path, "w") as receipt:
        json.dump({"orderId": order_id, "total": str(total), "createdAt": created_at}, receipt)
    s3.upload_file(receipt_path, RECEIPTS_BUCKET, f"receipts/{order_id}.json")

    # LA101: a new SQS client (and its TLS connection) on every invocation,
    # although nothing it needs comes from the event.
    sqs = boto3.client("sqs")
    sqs.send_message(
        QueueUrl=ORDER_EVENTS_QUEUE_URL,
        MessageBody=json.dumps({"type": "OrderPlaced", "orderId": order_id, "customerEmail": order["customerEmail"]}),
    )

    return _response(201, {"orderId": order_id, "total": str(total)})
