/**
 * Router libraries inside one function (Powertools for AWS Lambda's event handler resolvers
 * in Python and TypeScript): the routes registered on a module-level router and the call
 * through which the handler hands the event to it.
 */
import type { SyntaxNode } from '@lezer/common';
import { kid, kids, textOf } from '../parse/code';
import type { CodeModule, FunctionInfo } from './model';
import { calleePath, callsIn, isPython } from './syntax';

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'delete', 'patch', 'head', 'options', 'route', 'any']);

export interface RouterUse {
  /** The `app.resolve(event, context)` call in the handler. */
  call: SyntaxNode;
  router: string;
  routes: number;
}

export function routerUses(mod: CodeModule, fn: FunctionInfo): RouterUse[] {
  const routers = moduleRouters(mod);
  if (!routers.size) return [];
  const out: RouterUse[] = [];
  for (const call of callsIn(mod, fn)) {
    const path = calleePath(mod, call);
    const [obj, method, extra] = path?.split('.') ?? [];
    if (extra || method !== 'resolve' || !routers.has(obj)) continue;
    out.push({ call, router: obj, routes: countRoutes(mod, obj) });
  }
  return out;
}

/** Module-level names bound to a resolver / router instance: `app = APIGatewayRestResolver()`, `const app = new Router()`. */
function moduleRouters(mod: CodeModule): Set<string> {
  const out = new Set<string>();
  const text = mod.source.text;
  const isRouterCtor = (n: SyntaxNode | undefined) => {
    if (!n || (n.name !== 'CallExpression' && n.name !== 'NewExpression')) return false;
    const last = calleePath(mod, n)?.split('.').pop() ?? '';
    return last.endsWith('Resolver') || last === 'Router';
  };
  for (const st0 of mod.topStatements) {
    const st = st0.name === 'ExportDeclaration' ? (kid(st0, 'VariableDeclaration') ?? st0) : st0;
    const parts = kids(st);
    if (st.name === 'AssignStatement' && parts[0]?.name === 'VariableName' && isRouterCtor(parts[parts.length - 1])) out.add(textOf(text, parts[0]));
    if (st.name === 'VariableDeclaration') {
      const eq = parts.findIndex((p) => p.name === 'Equals');
      if (eq > 0 && parts[eq - 1].name === 'VariableDefinition' && isRouterCtor(parts[eq + 1])) out.add(textOf(text, parts[eq - 1]));
    }
  }
  return out;
}

/** Python `@app.get("/x")` decorators on module functions; JS `app.get('/x', fn)` statements at module scope. */
function countRoutes(mod: CodeModule, router: string): number {
  const text = mod.source.text;
  let n = 0;
  const isRoute = (call: SyntaxNode | null | undefined) => {
    if (call?.name !== 'CallExpression') return false;
    const [obj, method, extra] = calleePath(mod, call)?.split('.') ?? [];
    return obj === router && !extra && ROUTE_METHODS.has(method);
  };
  for (const st of mod.topStatements) {
    if (isPython(mod)) {
      if (st.name !== 'DecoratedStatement') continue;
      for (const d of kids(st)) {
        if (d.name !== 'Decorator') continue;
        // Decorator(At, VariableName, ".", VariableName, ArgList): the dotted name, then its arguments.
        const names = kids(d).filter((c) => c.name === 'VariableName').map((c) => textOf(text, c));
        if (names.length === 2 && names[0] === router && ROUTE_METHODS.has(names[1]) && kid(d, 'ArgList')) n++;
      }
    } else if (st.name === 'ExpressionStatement' && isRoute(st.firstChild)) n++;
  }
  return n;
}
