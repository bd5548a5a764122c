/**
 * @file Keeps the rule "every public symbol has a TSDoc comment with a runnable @example".
 * The public API is read with the TypeScript compiler API from `src/index.ts`: every export
 * (re-exports and `export * as` namespaces followed) and, for classes, every public member
 * declared in the class or its base classes in `src/`. Types need a doc comment; functions,
 * classes, consts, methods and getters also need an `@example` with a ```ts block (properties and
 * abstract members need a doc comment only). Every ```ts block of those `@example`s then runs,
 * each as its own module in one Node process (through tsx), with `import * as tg from
 * 'tensorgrad'` added when it does not import `tg` itself; an example whose code says
 * `// throws` must throw, every other one must not.
 */
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot, runSnippets } from './snippets.js';

/** The entry point whose exports are the public API. */
const entry = join(repoRoot, 'src/index.ts');

/** What a public symbol is; it decides what its docs must have. */
type Kind = 'type' | 'function' | 'class' | 'const' | 'method' | 'getter' | 'property' | 'abstract';

/** Kinds that need a doc comment but no `@example`. */
const docOnly: ReadonlySet<Kind> = new Set(['type', 'property', 'abstract']);

/** One ```ts block of an `@example`. */
interface Example {
  /** The public name of the symbol it documents, e.g. `Tensor.sum`. */
  readonly symbol: string;
  /** `file:line` of the opening fence. */
  readonly at: string;
  readonly code: string;
}

/** One public symbol and what its docs lack. */
interface PublicSymbol {
  readonly name: string;
  readonly kind: Kind;
  /** `file:line` of its (first) declaration. */
  readonly at: string;
  /** Why its docs break the rule, or null when they follow it. */
  readonly problem: string | null;
  readonly examples: readonly Example[];
}

/** Tags of file-level comments, which TypeScript attaches to the file's first statement. */
const fileTags = new Set(['file', 'fileoverview', 'packageDocumentation', 'module', 'license']);

const hasTag = (node: ts.Node, tag: string): boolean => ts.getJSDocTags(node).some((t) => t.tagName.text === tag);

/** The doc comments of a declaration (a variable's are on its statement), file comments left out. */
function docsOf(decl: ts.Node): ts.JSDoc[] {
  return ts
    .getJSDocCommentsAndTags(decl)
    .filter(ts.isJSDoc)
    .filter((d) => !(d.tags ?? []).some((t) => fileTags.has(t.tagName.text)));
}

/** Whether a doc comment says something (a summary or at least one tag). */
const saysSomething = (doc: ts.JSDoc): boolean =>
  (ts.getTextOfJSDocComment(doc.comment) ?? '').trim() !== '' || (doc.tags ?? []).length > 0;

const where = (node: ts.Node): string => {
  const sf = node.getSourceFile();
  const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  return `${relative(repoRoot, sf.fileName)}:${line + 1}`;
};

/** The ```ts blocks inside the `@example` tags of a doc comment, read from its raw text. */
function examplesOf(doc: ts.JSDoc, symbol: string): Example[] {
  const sf = doc.getSourceFile();
  const first = sf.getLineAndCharacterOfPosition(doc.pos).line;
  const file = relative(repoRoot, sf.fileName);
  const lines = sf.text
    .slice(doc.pos, doc.end)
    .replace(/^\/\*\*/, '')
    .replace(/\*\/$/, '')
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''));
  const examples: Example[] = [];
  let tag = '';
  for (let i = 0; i < lines.length; i++) {
    const t = /^\s*@(\w+)/.exec(lines[i]!);
    if (t) tag = t[1]!;
    const open = /^\s*```(\S*)/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    const lang = open[1]!.toLowerCase();
    if (tag === 'example' && (lang === 'ts' || lang === 'typescript')) {
      examples.push({ symbol, at: `${file}:${first + start + 1}`, code: `${body.join('\n')}\n` });
    }
  }
  return examples;
}

/** Checks the docs of one symbol given all its declarations (overloads, accessor pairs). */
function describeSymbol(name: string, kind: Kind, decls: readonly ts.Node[]): PublicSymbol {
  const docs = [...new Set(decls.flatMap(docsOf))].filter(saysSomething);
  const examples = docs.flatMap((d) => examplesOf(d, name));
  let problem: string | null = null;
  if (docs.length === 0) problem = 'no doc comment';
  else if (!docOnly.has(kind) && examples.length === 0) problem = 'no @example with a ```ts block';
  return { name, kind, at: where(decls[0]!), problem, examples };
}

/** Whether a declaration is the package's own (in the entry point's folder), not a dependency's. */
const inSrc = (node: ts.Node): boolean => !relative(dirname(entry), node.getSourceFile().fileName).startsWith('..');

/** The public API of `entryFile`: every exported symbol and every public member of its classes. */
function publicApi(entryFile: string): PublicSymbol[] {
  const program = ts.createProgram([entryFile], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    // Only symbols are resolved, never types: the standard library is not needed.
    noLib: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const resolve = (s: ts.Symbol): ts.Symbol => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entryFile)!);
  if (moduleSymbol === undefined) throw new Error(`${entryFile} is not a module`);

  const symbols: PublicSymbol[] = [];
  const seenMembers = new Set<ts.Node>();
  const classes: { name: string; decl: ts.ClassDeclaration }[] = [];

  const visitModule = (module: ts.Symbol, prefix: string): void => {
    for (const exported of checker.getExportsOfModule(module)) {
      const name = `${prefix}${exported.name}`;
      const target = resolve(exported);
      const decls = (target.declarations ?? []).filter(inSrc);
      if (target.flags & ts.SymbolFlags.ValueModule) {
        visitModule(target, `${name}.`);
        continue;
      }
      if (decls.length === 0) continue;
      if (decls.some((d) => hasTag(d, 'internal'))) continue;
      const cls = decls.find(ts.isClassDeclaration);
      const kind: Kind = cls
        ? 'class'
        : decls.some(ts.isFunctionDeclaration)
          ? 'function'
          : decls.some(ts.isVariableDeclaration)
            ? 'const'
            : 'type';
      symbols.push(describeSymbol(name, kind, decls));
      if (cls) classes.push({ name, decl: cls });
    }
  };
  visitModule(moduleSymbol, '');

  /** A class and its base classes in `src/`, most derived first. */
  const chainOf = (decl: ts.ClassDeclaration): ts.ClassDeclaration[] => {
    const chain = [decl];
    for (let cur = decl; ; ) {
      const ext = cur.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
      const sym = ext && checker.getSymbolAtLocation(ext.expression);
      const base = sym && resolve(sym).declarations?.find(ts.isClassDeclaration);
      if (!base || !inSrc(base) || chain.includes(base)) return chain;
      chain.push(base);
      cur = base;
    }
  };
  // A member of a base class is named after the public class that declares it, else after the
  // first public class that inherits it (`Tensor.dtype` for `TensorBase`'s `dtype`).
  const publicName = new Map(classes.map((c) => [c.decl, c.name] as const));
  for (const { name: className, decl: cls } of classes) {
    for (const c of chainOf(cls)) {
      const groups = new Map<string, ts.ClassElement[]>();
      for (const m of c.members) {
        if (seenMembers.has(m)) continue;
        if (ts.isConstructorDeclaration(m) || ts.isIndexSignatureDeclaration(m) || ts.isClassStaticBlockDeclaration(m)) continue;
        if (ts.isSemicolonClassElement(m) || m.name === undefined || ts.isPrivateIdentifier(m.name)) continue;
        const mods = ts.getCombinedModifierFlags(m as ts.Declaration);
        if (mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
        if (hasTag(m, 'internal')) continue;
        // An override without its own doc comment inherits the base's (as TypeDoc shows it).
        if (mods & ts.ModifierFlags.Override && docsOf(m).filter(saysSomething).length === 0) continue;
        const key = `${mods & ts.ModifierFlags.Static ? 'static ' : ''}${m.name.getText()}`;
        groups.set(key, [...(groups.get(key) ?? []), m]);
      }
      for (const [key, members] of groups) {
        members.forEach((m) => seenMembers.add(m));
        const m = members[0]!;
        const mods = ts.getCombinedModifierFlags(m as ts.Declaration);
        const fnInit = ts.isPropertyDeclaration(m) && m.initializer !== undefined &&
          (ts.isArrowFunction(m.initializer) || ts.isFunctionExpression(m.initializer));
        const kind: Kind = mods & ts.ModifierFlags.Abstract
          ? 'abstract'
          : ts.isMethodDeclaration(m) || fnInit
            ? 'method'
            : ts.isGetAccessorDeclaration(m) || ts.isSetAccessorDeclaration(m)
              ? 'getter'
              : 'property';
        const member = key.replace(/^static /, '');
        symbols.push(describeSymbol(`${publicName.get(c) ?? className}${member.startsWith('[') ? '' : '.'}${member}`, kind, members));
      }
    }
  }
  return symbols;
}

/** Bare package specifiers resolved from the repository (the examples run from a temp dir). */
const requireFromRepo = createRequire(join(repoRoot, 'package.json'));

/** The example as a module: `tg` imported unless it does so itself, packages pointed at node_modules. */
function asModule(code: string): string {
  const withPackages = code.replace(/(\bfrom\s*|\bimport\s*\(?\s*)(['"])([^'"./][^'"]*)\2/g, (all, lead: string, q: string, spec: string) => {
    if (spec === 'tensorgrad' || spec.startsWith('node:')) return all;
    return `${lead}${q}${pathToFileURL(requireFromRepo.resolve(spec)).href}${q}`;
  });
  return /^\s*import\s+\*\s+as\s+tg\s+from\b/m.test(withPackages) ? withPackages : `import * as tg from 'tensorgrad';\n${withPackages}`;
}

/**
 * What an example says it throws: null when it says nothing, else the text the error must
 * contain (from `// throws: "message …"` or `// throws ShapeError`; empty when it names neither).
 */
function expectedThrow(code: string): string | null {
  const m = /\/\/\s*throws\b:?\s*(.*)$/m.exec(code);
  if (!m) return null;
  const said = m[1]!.trim();
  const quoted = /^(["'`])(.*?)(?:\1|$)/.exec(said);
  if (quoted) return quoted[2]!.split(/…|\.\.\./)[0]!.trim();
  const error = /^(\w*Error)\b/.exec(said);
  return error ? error[1]! : '';
}

const api = publicApi(entry);
const examples = api.flatMap((s) => s.examples);
// Started while collecting, so it runs alongside the other test files' work.
const results = runSnippets(examples.map((e) => asModule(e.code)));

describe('TSDoc of the public API', () => {
  it('finds the public API', () => {
    const names = new Set(api.map((s) => s.name));
    for (const name of ['tensor', 'Tensor', 'Tensor.sum', 'Tensor.dtype', 'Tensor.backward', 'autograd.grad', 'TensorOptions']) {
      expect(names, name).toContain(name);
    }
    expect(examples.length).toBeGreaterThan(100);
  });

  it('every public symbol has a doc comment, and every value an @example', () => {
    const missing = api.filter((s) => s.problem !== null).map((s) => `${s.name} (${s.kind}, ${s.at}): ${s.problem}`);
    if (missing.length > 0) expect.fail(`${missing.length} public symbols break the rule:\n${missing.join('\n')}`);
  });

  it('every @example runs (and one that says it throws, throws)', async () => {
    const ran = await results;
    const failures: string[] = [];
    examples.forEach((e, k) => {
      const { code, stderr } = ran[k]!;
      const error = stderr.trim().split('\n').slice(0, 3).join('\n    ');
      const expected = expectedThrow(e.code);
      if (expected === null) {
        if (code !== 0) failures.push(`${e.symbol} (${e.at}) threw:\n    ${error}`);
      } else if (code === 0) {
        failures.push(`${e.symbol} (${e.at}) says it throws but did not`);
      } else if (/^(ReferenceError|SyntaxError)\b/.test(stderr.trim()) || (expected !== '' && !stderr.includes(expected))) {
        failures.push(`${e.symbol} (${e.at}) threw something else than ${JSON.stringify(expected)}:\n    ${error}`);
      }
    });
    if (failures.length > 0) expect.fail(`${failures.length} of ${examples.length} examples fail:\n${failures.join('\n')}`);
  }, 60_000);
});
