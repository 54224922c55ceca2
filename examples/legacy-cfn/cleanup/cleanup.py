"""CleanupFunction: deletes price files older than KEEP_DAYS from the export bucket.

Packaged from this folder by `aws cloudformation package` (Code: cleanup in template.json).
"""
import os
from datetime import datetime, timedelta, timezone

import boto3

s3 = boto3.client("s3")


def lambda_handler(event, context):
    bucket = os.environ["EXPORT_BUCKET"]
    cutoff = datetime.now(timezone.utc) - timedelta(days=int(os.environ["KEEP_DAYS"]))
    deleted = 0
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="prices/"):
        old = [{"Key": o["Key"]} for o in page.get("Contents", []) if o["LastModified"] < cutoff]
        if old:
            s3.delete_objects(Bucket=bucket, Delete={"Objects": old})
            deleted += len(old)
    return {"deleted": deleted}
