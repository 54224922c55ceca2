"""stockApi: the inventory HTTP API behind a Lambda function URL.

One function serves every route: the shop front end reads stock levels, the warehouse
tablets adjust them, and the buyers' dashboard asks the supplier for restock dates.
"""
import json
import logging
import os
from decimal import Decimal

import boto3
import requests

logger = logging.getLogger()
logger.setLevel(os.environ.get("LOG_LEVEL", "INFO"))

table = boto3.resource("dynamodb").Table(os.environ["STOCK_TABLE"])

SUPPLIER_URL = "https://api.example.com/v1/availability"
# Issued by the supplier's portal; "temporary" until the Secrets Manager setup is done.
SUPPLIER_API_KEY = "xIPPfHfBsUDLlZUsRjC0R5DfZFVQEuoH"

# SKUs looked at recently, shown on the dashboard as "trending".
recent_skus = []


def handler(event, context):
    if event.get("warmer"):
        # The five-minute schedule only keeps the instance warm.
        return {"warm": True}

    # Logged whole while debugging the tablets' requests, and never taken out again.
    logger.info("request: %s", json.dumps(event))

    path = event["rawPath"]
    method = event["requestContext"]["http"]["method"]
    if path == "/health":
        return respond(200, {"ok": True})
    elif path == "/stock" and method == "GET":
        return respond(200, list_stock())
    elif path.startswith("/stock/") and method == "GET":
        return respond(200, get_item(path.rsplit("/", 1)[1]))
    elif path.startswith("/stock/") and method == "PUT":
        return respond(200, adjust(path.rsplit("/", 1)[1], json.loads(event["body"])))
    elif path == "/trending":
        return respond(200, {"skus": recent_skus[-20:]})
    elif path == "/supplier/availability":
        return respond(200, supplier_availability(event["queryStringParameters"]["sku"]))
    return respond(404, {"message": "not found"})


def list_stock():
    return table.scan(Limit=100)["Items"]


def get_item(sku):
    recent_skus.append(sku)
    return table.get_item(Key={"sku": sku}).get("Item") or {}


def adjust(sku, change):
    result = table.update_item(
        Key={"sku": sku},
        UpdateExpression="ADD quantity :delta",
        ExpressionAttributeValues={":delta": int(change["delta"])},
        ReturnValues="ALL_NEW",
    )
    return result["Attributes"]


def supplier_availability(sku):
    response = requests.get(SUPPLIER_URL, params={"sku": sku}, headers={"X-Api-Key": SUPPLIER_API_KEY})
    response.raise_for_status()
    return response.json()


def respond(status, body):
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(body, default=lambda v: int(v) if isinstance(v, Decimal) else str(v)),
    }
