// stockChanges: reads the stock table's DynamoDB stream and tells the buyers (SNS topic
// LOW_STOCK_TOPIC_ARN) when an item drops below its reorder point.
//
// Copied from the old warehouse-sync function (Node.js 12 era), which is why it still uses
// the v2 SDK and still has that function's VPC settings in serverless.yml.
'use strict';

const AWS = require('aws-sdk');

const sns = new AWS.SNS();

exports.handler = async (event) => {
  event.Records.forEach(async (record) => {
    if (record.eventName !== 'MODIFY') return;
    const before = AWS.DynamoDB.Converter.unmarshall(record.dynamodb.OldImage);
    const after = AWS.DynamoDB.Converter.unmarshall(record.dynamodb.NewImage);
    if (before.quantity >= after.reorderPoint && after.quantity < after.reorderPoint) {
      await sns
        .publish({
          TopicArn: process.env.LOW_STOCK_TOPIC_ARN,
          Subject: `Low stock: ${after.sku}`,
          Message: JSON.stringify({ sku: after.sku, quantity: after.quantity, reorderPoint: after.reorderPoint }),
        })
        .promise();
    }
  });
  return { records: event.Records.length };
};
