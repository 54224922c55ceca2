import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyFix, assertParses, findings, onlyRule, rangeText } from '../helpers/engine';
import type { Files } from '../helpers/engine';
import type { Finding } from '../../server/src/engine/types';
import { cfnTemplate, samFn, samJson, samTemplate } from '../helpers/sam';

const FIX = path.join(__dirname, 'fixtures', 'LA201');
const fixture = (name: string): string => fs.readFileSync(path.join(FIX, name), 'utf8');

const run = (files: Files, file: string): Finding[] => findings(files, file, 'LA201', onlyRule('LA201'));

const ADVICE = "give each function its own role so a change for one cannot widen the others' permissions.";
const FIX_TITLE = 'Give each function its own role';

/** Applies the finding's only fix and checks that the result parses and no longer has LA201. */
function fixed(files: Files, file: string, f: Finding): string {
  assert.equal(f.fixes?.length, 1, 'expected one fix');
  const fx = f.fixes![0];
  assert.equal(fx.title, FIX_TITLE);
  assert.equal(fx.isPreferred, false, 'changing IAM roles is never a preferred fix');
  const out = applyFix(files, fx);
  assertParses(file, out[file]);
  assert.deepEqual(
    findings(out, file, undefined, onlyRule('LA201')).map((x) => `${x.ruleId} ${x.message}`),
    [],
    'the fixed template has no LA201 (and no parse error)',
  );
  return out[file];
}

const ROLE_JSON = { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } };

/** Two SAM functions in JSON, OrdersFunction naming its role in the list form of Fn::GetAtt, PaymentsFunction in the dotted form. */
const samJsonRoles = (roles: Record<string, unknown>, ordersRole: string, paymentsRole: string): string =>
  samJson(
    {
      ...roles,
      OrdersFunction: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'a.handler', Runtime: 'python3.12', Role: { 'Fn::GetAtt': [ordersRole, 'Arn'] } } },
      PaymentsFunction: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'b.handler', Runtime: 'python3.12', Role: { 'Fn::GetAtt': `${paymentsRole}.Arn` } } },
    },
    { depth: 3 },
  );

const SAM_JSON = samJsonRoles({ SharedRole: ROLE_JSON }, 'SharedRole', 'SharedRole');

const ROLE = `  SharedRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
`;
const role = (id: string): string => ROLE.replace('SharedRole', id);

/** Three plain functions naming their roles by long-form GetAtt, !Sub and !Ref. */
const cfnRoles = (roles: string, a: string, b: string, c: string): string =>
  cfnTemplate(
    `${roles}  A:
    Type: AWS::Lambda::Function
    Properties:
      Role:
        Fn::GetAtt: [${a}, Arn]
  B:
    Type: AWS::Lambda::Function
    Properties:
      Role: !Sub '\${${b}.Arn}'
  C:
    Type: AWS::Lambda::Function
    Properties:
      Role: !Ref ${c}
`,
    { version: true },
  );

const CFN_YAML = cfnRoles(ROLE, 'SharedRole', 'SharedRole', 'SharedRole');

function samYaml(resources: string, extra = ''): string {
  return samTemplate(resources, { before: extra });
}

function fnYaml(id: string, role?: string): string {
  return samFn(id, { runtime: 'python3.12', props: role ? `      Role: ${role}\n` : '' });
}

describe('LA201 shared-role: fires', () => {
  it('SAM YAML: one finding on each function Role value, pointing at the role and the other function', () => {
    const files = { 'template.yaml': fixture('sam-comments.yaml') };
    const fs1 = run(files, 'template.yaml');
    assert.deepEqual(
      fs1.map((f) => [f.functionId, rangeText(files, f), f.message, f.severity]),
      [
        ['OrdersFunction', '!GetAtt SharedRole.Arn', `OrdersFunction shares role SharedRole with 1 other function; ${ADVICE}`, 'warning'],
        ['PaymentsFunction', '!GetAtt "SharedRole.Arn"', `PaymentsFunction shares role SharedRole with 1 other function; ${ADVICE}`, 'warning'],
      ],
    );
    assert.deepEqual(
      fs1[0].related?.map((r) => [r.message, r.range.start.line]),
      [
        ['SharedRole is the shared role', 6],
        ['PaymentsFunction uses the same role', 38],
      ],
    );
  });

  it('SAM JSON: both Fn::GetAtt spellings name the same role', () => {
    const files = { 'template.json': SAM_JSON };
    const fs1 = run(files, 'template.json');
    assert.deepEqual(
      fs1.map((f) => rangeText(files, f)),
      ['{ "Fn::GetAtt": ["SharedRole", "Arn"] }', '{ "Fn::GetAtt": "SharedRole.Arn" }'],
    );
  });

  it('CloudFormation YAML: long GetAtt, !Sub and !Ref of the one role count as one role', () => {
    const files = { 'stack.yaml': CFN_YAML };
    const fs1 = run(files, 'stack.yaml');
    assert.deepEqual(
      fs1.map((f) => [f.functionId, rangeText(files, f)]),
      [
        ['A', 'Fn::GetAtt: [SharedRole, Arn]'],
        ['B', "!Sub '${SharedRole.Arn}'"],
        ['C', '!Ref SharedRole'],
      ],
    );
    assert.equal(fs1[0].message, `A shares role SharedRole with 2 other functions; ${ADVICE}`);
  });

  it('CloudFormation JSON', () => {
    const files = { 'template.json': fixture('cfn.json') };
    const fs1 = run(files, 'template.json');
    assert.deepEqual(
      fs1.map((f) => rangeText(files, f)),
      ['{ "Fn::GetAtt": ["SharedRole", "Arn"] }', '{ "Fn::Sub": "${SharedRole.Arn}" }'],
    );
  });

  it('SAM Globals Role: one finding at the Globals value, listing the functions that inherit it', () => {
    const files = { 'template.yaml': fixture('sam-globals.yaml') };
    const fs1 = run(files, 'template.yaml');
    assert.equal(fs1.length, 1);
    assert.equal(rangeText(files, fs1[0]), '!GetAtt SharedRole.Arn');
    assert.equal(fs1[0].message, `Globals Role gives role SharedRole to 2 functions (ReadFunction and WriteFunction); ${ADVICE}`);
    assert.deepEqual(
      fs1[0].related?.map((r) => r.message),
      ['SharedRole is the shared role', 'ReadFunction inherits this role', 'WriteFunction inherits this role'],
    );
  });

  it('Globals Role plus a function that names the same role itself: both places are reported', () => {
    const files = {
      'template.yaml': samYaml(ROLE + fnYaml('A') + fnYaml('B', '!GetAtt SharedRole.Arn'), 'Globals:\n  Function:\n    Role: !GetAtt SharedRole.Arn\n'),
    };
    const fs1 = run(files, 'template.yaml');
    assert.deepEqual(
      fs1.map((f) => f.message),
      [`B shares role SharedRole with 1 other function; ${ADVICE}`, `Globals Role gives role SharedRole to 2 functions (A and B); ${ADVICE}`],
    );
  });

  it('the same literal role ARN: fires without a fix and says why', () => {
    const arn = 'arn:aws:iam::123456789012:role/shared';
    const files = { 'template.yaml': samYaml(fnYaml('A', arn) + fnYaml('B', arn)) };
    const fs1 = run(files, 'template.yaml');
    assert.equal(fs1.length, 2);
    assert.equal(fs1[0].message, `A shares role ${arn} with 1 other function; ${ADVICE} There is no quick fix: the role is defined outside this template.`);
    assert.equal(rangeText(files, fs1[0]), arn);
    assert.equal(fs1[0].fixes, undefined);
  });

  it('the same Ref’d parameter', () => {
    const files = {
      'template.yaml': samYaml(fnYaml('A', '!Ref RoleArn') + fnYaml('B', '!Ref RoleArn'), 'Parameters:\n  RoleArn:\n    Type: String\n'),
    };
    const fs1 = run(files, 'template.yaml');
    assert.deepEqual(
      fs1.map((f) => f.message),
      [
        `A shares the role of parameter RoleArn with 1 other function; ${ADVICE} There is no quick fix: the role is defined outside this template.`,
        `B shares the role of parameter RoleArn with 1 other function; ${ADVICE} There is no quick fix: the role is defined outside this template.`,
      ],
    );
  });
});

describe('LA201 shared-role: quiet', () => {
  it('one function per role', () => {
    const files = { 'template.yaml': samYaml(ROLE + fnYaml('A', '!GetAtt SharedRole.Arn')) };
    assert.deepEqual(run(files, 'template.yaml'), []);
  });

  it('two functions, each with its own role', () => {
    const other = ROLE.replace('SharedRole', 'OtherRole');
    const files = { 'template.yaml': samYaml(ROLE + other + fnYaml('A', '!GetAtt SharedRole.Arn') + fnYaml('B', '!GetAtt OtherRole.Arn')) };
    assert.deepEqual(run(files, 'template.yaml'), []);
  });

  it('two functions with different literal ARNs', () => {
    const files = {
      'template.yaml': samYaml(fnYaml('A', 'arn:aws:iam::123456789012:role/a') + fnYaml('B', 'arn:aws:iam::123456789012:role/b')),
    };
    assert.deepEqual(run(files, 'template.yaml'), []);
  });

  it('a role used by one function and referenced by other resources and Outputs', () => {
    const policy = `  Extra:\n    Type: AWS::IAM::Policy\n    Properties:\n      Roles: [!Ref SharedRole]\n`;
    const files = {
      'template.yaml': samYaml(ROLE + policy + fnYaml('A', '!GetAtt SharedRole.Arn')) + 'Outputs:\n  R:\n    Value: !GetAtt SharedRole.Arn\n',
    };
    assert.deepEqual(run(files, 'template.yaml'), []);
  });

  it('SAM functions without Role (SAM generates one role per function)', () => {
    const files = { 'template.yaml': samYaml(ROLE + fnYaml('A') + fnYaml('B') + fnYaml('C')) };
    assert.deepEqual(run(files, 'template.yaml'), []);
  });

  it('Globals Role inherited by one function, the other sets its own', () => {
    const other = ROLE.replace('SharedRole', 'OtherRole');
    const files = {
      'template.yaml': samYaml(
        ROLE + other + fnYaml('A') + fnYaml('B', '!GetAtt OtherRole.Arn'),
        'Globals:\n  Function:\n    Role: !GetAtt SharedRole.Arn\n',
      ),
    };
    assert.deepEqual(run(files, 'template.yaml'), []);
  });
});

describe('LA201 shared-role: quick fix', () => {
  it('YAML with comments: a role per function, comments and layout kept, the unreferenced shared role replaced', () => {
    const files = { 'template.yaml': fixture('sam-comments.yaml') };
    const f = run(files, 'template.yaml')[0];
    assert.equal(fixed(files, 'template.yaml', f), fixture('sam-comments.fixed.yaml'));
  });

  it('JSON: valid JSON in the file’s indentation, syntax of each Role kept, attached policy follows the new roles', () => {
    const files = { 'template.json': fixture('cfn.json') };
    const f = run(files, 'template.json')[1];
    const out = fixed(files, 'template.json', f);
    assert.equal(out, fixture('cfn.fixed.json'));
    assert.doesNotThrow(() => JSON.parse(out));
  });

  it('SAM JSON with both GetAtt forms', () => {
    const files = { 'template.json': SAM_JSON };
    const out = fixed(files, 'template.json', run(files, 'template.json')[0]);
    // The same layout, a role per function in place of SharedRole, each GetAtt form kept.
    assert.equal(out, samJsonRoles({ OrdersFunctionRole: ROLE_JSON, PaymentsFunctionRole: ROLE_JSON }, 'OrdersFunctionRole', 'PaymentsFunctionRole'));
  });

  it('Globals Role referenced from Outputs: the shared role is kept, each function gets its own Role, Globals loses Role', () => {
    const files = { 'template.yaml': fixture('sam-globals.yaml') };
    const out = fixed(files, 'template.yaml', run(files, 'template.yaml')[0]);
    assert.equal(out, fixture('sam-globals.fixed.yaml'));
  });

  it('CloudFormation YAML: every reference syntax kept, three roles', () => {
    const files = { 'stack.yaml': CFN_YAML };
    const out = fixed(files, 'stack.yaml', run(files, 'stack.yaml')[2]);
    assert.equal(out, cfnRoles(role('ARole') + role('BRole') + role('CRole'), 'ARole', 'BRole', 'CRole'));
  });

  it('Globals Role as the only Globals setting, multi-line: Globals removed, the value re-indented into each function; DependsOn keeps the shared role; taken ids skipped; RoleName dropped', () => {
    const src = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Role:
      Fn::GetAtt:
        - SharedRole
        - Arn
Resources:
  SharedRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub "\${AWS::StackName}-shared"
      AssumeRolePolicyDocument: {}
  Attach:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles:
        - !Ref SharedRole
  Waiter:
    Type: AWS::CloudFormation::WaitConditionHandle
    DependsOn: [SharedRole]
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.h
  OrdersRole:
    Type: AWS::SNS::Topic
`;
    const files = { 'template.yaml': src + fnYaml('Other', '!Sub ${SharedRole.Arn}') };
    const fs1 = run(files, 'template.yaml');
    assert.equal(fs1.length, 2);
    const out = fixed(files, 'template.yaml', fs1[1]);
    assert.equal(
      out,
      (src + fnYaml('Other', '!Sub ${OtherRole.Arn}'))
        // Globals held only the Role: it goes.
        .replace('Globals:\n  Function:\n    Role:\n      Fn::GetAtt:\n        - SharedRole\n        - Arn\n', '')
        // The new roles after the shared one, without its RoleName; OrdersRole is taken, so Orders gets OrdersRole2.
        .replace('      AssumeRolePolicyDocument: {}\n', '      AssumeRolePolicyDocument: {}\n' + role('OrdersRole2') + role('OtherRole'))
        // The attached policy follows the new roles; DependsOn keeps the shared one.
        .replace('        - !Ref SharedRole\n', '        - !Ref SharedRole\n        - !Ref OrdersRole2\n        - !Ref OtherRole\n')
        // The Globals value, re-indented, into the function that inherited it.
        .replace('      Handler: a.h\n', '      Handler: a.h\n      Role:\n        Fn::GetAtt:\n          - OrdersRole2\n          - Arn\n'),
    );
  });

  it('SAM JSON Globals: Role removed from Globals, each function gets one in its own layout (multi-line or inline)', () => {
    const files = { 'template.json': fixture('sam-globals.json') };
    const fs1 = run(files, 'template.json');
    assert.equal(fs1.length, 1);
    const out = fixed(files, 'template.json', fs1[0]);
    assert.equal(
      out,
      `{
  "Transform": "AWS::Serverless-2016-10-31",
  "Globals": { "Function": { "Runtime": "python3.12" } },
  "Resources": {
    "ARole": { "Type": "AWS::IAM::Role", "Properties": { "AssumeRolePolicyDocument": {} } },
    "BRole": { "Type": "AWS::IAM::Role", "Properties": { "AssumeRolePolicyDocument": {} } },
    "A": {
      "Type": "AWS::Serverless::Function",
      "Properties": {
        "Handler": "a.h",
        "Role": { "Fn::GetAtt": ["ARole", "Arn"] }
      }
    },
    "B": { "Type": "AWS::Serverless::Function", "Properties": { "Handler": "b.h", "Role": { "Fn::GetAtt": ["BRole", "Arn"] } } }
  }
}
`,
    );
  });

  it('no fix when an AWS::IAM::RolePolicy is attached to the shared role by name (its permissions would be lost)', () => {
    const rp = `  Inline:\n    Type: AWS::IAM::RolePolicy\n    Properties:\n      RoleName: !Ref SharedRole\n      PolicyName: p\n      PolicyDocument: {}\n`;
    const files = { 'template.yaml': samYaml(ROLE + rp + fnYaml('A', '!GetAtt SharedRole.Arn') + fnYaml('B', '!GetAtt SharedRole.Arn')) };
    const fs1 = run(files, 'template.yaml');
    assert.equal(fs1.length, 2);
    assert.equal(fs1[0].fixes, undefined);
  });
});

describe('LA201 shared-role: Serverless Framework', () => {
  const sls = (functions: string, iam = "  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: dynamodb:PutItem\n          Resource: '*'\n"): string =>
    `service: orders\nprovider:\n  name: aws\n  runtime: python3.12\n${iam}functions:\n${functions}`;

  it('functions without their own role share the generated role once the provider grants it something', () => {
    const files = {
      'serverless.yml':
        sls('  create:\n    handler: create.handler\n  read:\n    handler: read.handler\n  admin:\n    handler: admin.handler\n    role: arn:aws:iam::123456789012:role/admin\n'),
    };
    const fs1 = run(files, 'serverless.yml');
    assert.equal(fs1.length, 1);
    assert.equal(rangeText(files, fs1[0]), 'statements');
    assert.equal(
      fs1[0].message,
      `create and read share the role the Serverless Framework generates for the service, so each holds every permission granted here; ${ADVICE} Set \`role\` per function, or use per-function statements (serverless-iam-roles-per-function plugin).`,
    );
    assert.deepEqual(fs1[0].related?.map((r) => r.message), ['create runs with this role', 'read runs with this role']);
    assert.equal(fs1[0].fixes, undefined);
  });

  it('provider.iam.role naming one existing role for every function', () => {
    const files = {
      'serverless.yml': sls('  create:\n    handler: create.handler\n  read:\n    handler: read.handler\n', '  iam:\n    role: arn:aws:iam::123456789012:role/shared\n'),
    };
    const fs1 = run(files, 'serverless.yml');
    assert.equal(fs1.length, 1);
    assert.equal(rangeText(files, fs1[0]), 'arn:aws:iam::123456789012:role/shared');
  });

  it('quiet: the generated role grants nothing beyond logging, or only one function uses it', () => {
    const two = '  create:\n    handler: create.handler\n  read:\n    handler: read.handler\n';
    assert.deepEqual(run({ 'serverless.yml': sls(two, '') }, 'serverless.yml'), []);
    const oneDefault = '  create:\n    handler: create.handler\n  read:\n    handler: read.handler\n    role: arn:aws:iam::123456789012:role/read\n';
    assert.deepEqual(run({ 'serverless.yml': sls(oneDefault) }, 'serverless.yml'), []);
  });
});

describe('LA201 shared-role: suppression', () => {
  it('a next-line comment above the Role value suppresses that finding only', () => {
    const files = {
      'template.yaml': samYaml(
        ROLE +
          fnYaml('A', '!GetAtt SharedRole.Arn').replace('      Role:', '      # lambda-audit-ignore-next-line LA201 -- reviewed together\n      Role:') +
          fnYaml('B', '!GetAtt SharedRole.Arn'),
      ),
    };
    const fs1 = run(files, 'template.yaml');
    assert.deepEqual(
      fs1.map((f) => [f.functionId, f.suppression?.justification]),
      [
        ['A', 'reviewed together'],
        ['B', undefined],
      ],
    );
  });
});
