// Mails the customer for each "order placed" event on the queue.
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { readFile, rm, writeFile } from 'node:fs/promises';

const SENDER = process.env.SENDER_ADDRESS;

// Hoisted client: no LA101.
const ses = new SESv2Client({});

function renderBody(order) {
  return `Thank you for your order ${order.orderId}. We will let you know when it ships.`;
}

export const handler = async (event) => {
  for (const record of event.Records) {
    const order = JSON.parse(record.body);
    // A /tmp file that IS removed on every path (the finally block): no LA102.
    const draft = `/tmp/mail-${order.orderId}.txt`;
    try {
      await writeFile(draft, renderBody(order));
      const body = await readFile(draft, 'utf8');
      // LA003: this suppression is left over from when the handler built its own
      // SES client here; the client was hoisted, so it now suppresses nothing.
      // lambda-audit-ignore-next-line LA101 -- one client per record while we tested sandbox limits
      await ses.send(
        new SendEmailCommand({
          FromEmailAddress: SENDER,
          Destination: { ToAddresses: [order.customerEmail] },
          Content: { Simple: { Subject: { Data: `Order ${order.orderId}` }, Body: { Text: { Data: body } } } },
        }),
      );
    } finally {
      await rm(draft, { force: true });
    }
  }
};
