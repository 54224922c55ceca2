import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { findings, onlyRule, rangeText, type Files } from '../helpers/engine';

const covered = (files: Files, file: string) => findings(files, file, 'LA110', onlyRule('LA110')).map((f) => rangeText(files, f));

describe('LA110 event-logged-whole', () => {
  it('Python: print, logger, logging with %s, json.dumps, f-string, and a helper the event is passed to', () => {
    const files = {
      'app.py': `import json
import logging
logger = logging.getLogger()

def audit(evt, note):
    logger.debug(evt)

def lambda_handler(event, context):
    print(event)
    logger.info(event)
    logging.info("%s", event)
    print(json.dumps(event))
    logger.info(f"received {event}")
    audit(event, "x")
    return {}
`,
    };
    assert.deepEqual(covered(files, 'app.py'), ['print(event)', 'logger.info(event)', 'logging.info("%s", event)', 'print(json.dumps(event))', 'logger.info(f"received {event}")', 'logger.debug(evt)']);
    const f = findings(files, 'app.py', 'LA110', onlyRule('LA110'))[0];
    assert.equal(f.severity, 'info');
    assert.equal(f.message, 'The whole event `event` is logged; events can carry tokens and personal data that then stay in CloudWatch Logs. Log only the fields you need (for example event["id"] or the event type).');
  });

  it('Python quiet: fields of the event, its keys, the context', () => {
    const files = {
      'app.py': `import logging
logger = logging.getLogger()

def lambda_handler(event, context):
    print(event["id"])
    logger.info("keys: %s", list(event.keys()))
    logger.info(f"request {event['requestContext']['requestId']}")
    print(context)
    return {}
`,
    };
    assert.deepEqual(covered(files, 'app.py'), []);
  });

  it('JavaScript: console.log of the event, JSON.stringify and a template literal; quiet on fields', () => {
    const files = {
      'index.js': `exports.handler = async (event, context) => {
  console.log(event);
  console.info(JSON.stringify(event, null, 2));
  console.log(\`event: \${JSON.stringify(event)}\`);
  console.log(event.detail.type, Object.keys(event));
  console.log(\`id \${event.id}\`);
  return {};
};
`,
    };
    assert.deepEqual(covered(files, 'index.js'), ['console.log(event)', 'console.info(JSON.stringify(event, null, 2))', 'console.log(`event: ${JSON.stringify(event)}`)']);
  });

  it('TypeScript: a structured logger given { event } fires, { id: event.id } does not', () => {
    const files = {
      'handler.ts': `import { Logger } from '@aws-lambda-powertools/logger';
const logger = new Logger();
export const handler = async (req: { id: string }) => {
  logger.info('incoming', { req });
  logger.info('incoming', { id: req.id });
  return req.id;
};
`,
    };
    assert.deepEqual(covered(files, 'handler.ts'), ["logger.info('incoming', { req })"]);
    assert.match(findings(files, 'handler.ts', 'LA110', onlyRule('LA110'))[0].message, /req\.id/);
  });
});

describe('LA110 event-logged-whole: str.format', () => {
  it("Python: logger.info('Event: {}'.format(event)) fires, '{}'.format(event['id']) does not", () => {
    // Modelled on the Serverless Framework Telegram bot example.
    const files = {
      'handler.py': `import logging
logger = logging.getLogger()

def webhook(event, context):
    logger.info('Event: {}'.format(event))
    logger.info('Id: {}'.format(event['id']))
    logger.info('Body: {body}'.format(body=event.get('body')))
    return {'statusCode': 200}
`,
      'serverless.yml': 'service: s\nprovider:\n  name: aws\n  runtime: python3.13\nfunctions:\n  webhook:\n    handler: handler.webhook\n',
    };
    assert.deepEqual(covered(files, 'handler.py'), ["logger.info('Event: {}'.format(event))"]);
  });
});
