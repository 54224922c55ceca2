import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { firstSyntaxError, parseCode } from '../../server/src/engine/parse/code';
import { findings } from '../helpers/engine';

// @lezer/javascript rejects `catch (e: unknown)`; parse/code.ts blanks such annotations and reparses.
describe('TypeScript catch-binding annotations', () => {
  it('parse without error, including function types and unions', () => {
    const src = 'try { x() } catch (e: unknown) { throw e }\ntry {} catch (err: Error | Map<string, (a: number) => void>) { y(err) }\nfoo();\n';
    assert.equal(firstSyntaxError(parseCode(src, 'typescript', 'a.ts'), src), undefined);
  });

  it('an empty annotation is still a syntax error', () => {
    const src = 'try {} catch (e: ) {}\n';
    assert.equal(firstSyntaxError(parseCode(src, 'typescript', 'a.ts'), src)?.from, 15);
  });

  it('a handler using `catch (e: unknown)` gets no LA002', () => {
    const files = {
      'app.ts': 'export const handler = async (event: unknown) => {\n  try {\n    return await run(event);\n  } catch (err: unknown) {\n    console.error(err);\n    throw err;\n  }\n};\nasync function run(e: unknown) { return e; }\n',
    };
    assert.deepEqual(findings(files, 'app.ts', 'LA002'), []);
  });
});
