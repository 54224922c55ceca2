"""importStock: normalizes the CSV price lists suppliers upload to the import bucket.

Each supplier uses its own column names and decimal separator; the normalized file goes
back into the bucket for the buyers' spreadsheet, and the quantities go to the warehouse
management system (WMS).
"""
import csv
import io
import os
import urllib.parse

import boto3
import requests

s3 = boto3.client("s3")

WMS_URL = os.environ["WAREHOUSE_API_URL"]
WMS_TOKEN = os.environ["WAREHOUSE_API_TOKEN"]

COLUMN_NAMES = {"article": "sku", "artikel": "sku", "qty": "quantity", "menge": "quantity", "price": "unit_price", "preis": "unit_price"}


def handler(event, context):
    for record in event["Records"]:
        bucket = record["s3"]["bucket"]["name"]
        key = urllib.parse.unquote_plus(record["s3"]["object"]["key"])
        body = s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode("utf-8-sig")
        rows = normalize(body)

        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=["sku", "quantity", "unit_price"])
        writer.writeheader()
        writer.writerows(rows)
        # The buyers' spreadsheet reads the normalized copy next to the original.
        s3.put_object(Bucket=bucket, Key=f"normalized/{key}", Body=out.getvalue().encode("utf-8"))

        response = requests.post(
            f"{WMS_URL}/stock/bulk",
            json=[{"sku": r["sku"], "quantity": r["quantity"]} for r in rows],
            headers={"Authorization": f"Bearer {WMS_TOKEN}"},
            timeout=10,
        )
        response.raise_for_status()
    return {"files": len(event["Records"])}


def normalize(text):
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
    rows = []
    for raw in csv.DictReader(io.StringIO(text), dialect=dialect):
        row = {COLUMN_NAMES.get(k.strip().lower(), k.strip().lower()): v.strip() for k, v in raw.items()}
        row["unit_price"] = row.get("unit_price", "0").replace(",", ".")
        rows.append({"sku": row["sku"], "quantity": int(row["quantity"]), "unit_price": row["unit_price"]})
    return rows
