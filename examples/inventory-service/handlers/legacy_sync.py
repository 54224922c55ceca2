"""legacySync: pushes the nightly stock snapshot to the old ERP's import queue.

Paused (reservedConcurrency: 0 in serverless.yml) while the ERP is replaced; kept deployed
so it can be switched back on if the migration slips.
"""
import json
import os

import boto3

# The ERP's import queue lives in us-east-1, unlike the rest of the service.
os.environ["AWS_DEFAULT_REGION"] = "us-east-1"

table = boto3.resource("dynamodb", region_name="eu-west-1").Table(os.environ["STOCK_TABLE"])
erp_queue = boto3.client("sqs")

ERP_QUEUE_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/erp-stock-import"


def handler(event, context):
    items = table.scan()["Items"]
    for start in range(0, len(items), 10):
        batch = items[start:start + 10]
        erp_queue.send_message_batch(
            QueueUrl=ERP_QUEUE_URL,
            Entries=[{"Id": str(i), "MessageBody": json.dumps(item, default=str)} for i, item in enumerate(batch)],
        )
    return {"synced": len(items)}
