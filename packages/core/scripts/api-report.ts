import ts from 'typescript';

/**
 * The public API of the package as text: every export of each entry point with its kind and type,
 * classes and interfaces with their public members. Committed as etc/core.api.md and compared by a
 * test, so a change of the surface shows in the diff of a pull request (what API Extractor's report
 * does, without a .d.ts rollup). `@internal` members are left out, as typedoc leaves them out.
 */
export function apiReport(entryPoints: Record<string, string>, tsconfigPath: string): string {
  const config = ts.getParsedCommandLineOfConfigFile(
    tsconfigPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error(`cannot read ${tsconfigPath}`);
  const program = ts.createProgram(Object.values(entryPoints), config.options);
  const checker = program.getTypeChecker();
  const flags = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope;
  const typeText = (type: ts.Type, at: ts.Node) => checker.typeToString(type, at, flags);
  const isInternal = (symbol: ts.Symbol) =>
    symbol.getJsDocTags(checker).some((tag) => tag.name === 'internal');
  const hidden = (decl: ts.Declaration) => {
    const modifiers = ts.getCombinedModifierFlags(decl);
    return (
      (modifiers & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !== 0 ||
      (ts.isClassElement(decl) && decl.name !== undefined && ts.isPrivateIdentifier(decl.name))
    );
  };

  // Members that come from the standard library (Error's message, stack…) or from Node's globals
  // (Error.captureStackTrace: ofetch's types import undici's, which load @types/node) are not ours to report.
  const hostFile = (file: ts.SourceFile) =>
    program.isSourceFileDefaultLibrary(file) ||
    /[\\/]node_modules[\\/]@types[\\/]node[\\/]/.test(file.fileName);
  const fromLib = (m: ts.Symbol) => m.declarations?.every((d) => hostFile(d.getSourceFile())) ?? false;
  const members = (symbols: readonly ts.Symbol[], at: ts.Node, prefix = ''): string[] =>
    symbols
      .filter((m) => !fromLib(m))
      .filter((m) => !isInternal(m) && !(m.valueDeclaration && hidden(m.valueDeclaration)))
      .filter((m) => !m.name.startsWith('__'))
      .map((m) => `  ${prefix}${m.name}: ${typeText(checker.getTypeOfSymbolAtLocation(m, at), at)}`)
      .sort();

  const describe = (name: string, exported: ts.Symbol, typeOnly: boolean): string[] => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decl = symbol.declarations?.[0];
    if (!decl) return [`unknown ${name}`];
    const only = typeOnly ? ' (type only)' : '';
    if (symbol.flags & ts.SymbolFlags.Class) {
      const instance = checker.getDeclaredTypeOfSymbol(symbol);
      const statics = checker.getTypeOfSymbolAtLocation(symbol, decl);
      const base = instance.getBaseTypes?.()?.map((t) => typeText(t, decl)) ?? [];
      const ctor = (decl as ts.ClassDeclaration).members.find(ts.isConstructorDeclaration);
      const ctorSymbol = ctor && (checker.getSymbolAtLocation(ctor) ?? undefined);
      const constructible = !(ctor && ts.getJSDocTags(ctor).some((t) => t.tagName.text === 'internal'));
      return [
        `class ${name}${base.length ? ` extends ${base.join(', ')}` : ''}${only}${constructible ? '' : ' (not constructible)'}`,
        ...(constructible && !typeOnly
          ? statics.getConstructSignatures().map((s) => `  new${checker.signatureToString(s, decl)}`)
          : []),
        ...members(
          checker.getPropertiesOfType(statics).filter((m) => m.name !== 'prototype'),
          decl,
          'static ',
        ),
        ...members(checker.getPropertiesOfType(instance), decl),
      ].filter((line) => line !== undefined && (ctorSymbol === undefined || !line.includes('__constructor')));
    }
    if (symbol.flags & ts.SymbolFlags.Function) {
      const type = checker.getTypeOfSymbolAtLocation(symbol, decl);
      return type.getCallSignatures().map((s) => `function ${name}${checker.signatureToString(s, decl)}`);
    }
    if (symbol.flags & ts.SymbolFlags.Interface) {
      const type = checker.getDeclaredTypeOfSymbol(symbol);
      return [`interface ${name}${only}`, ...members(checker.getPropertiesOfType(type), decl)];
    }
    if (symbol.flags & ts.SymbolFlags.TypeAlias) {
      const alias = decl as ts.TypeAliasDeclaration;
      const params = alias.typeParameters
        ? `<${alias.typeParameters.map((p) => p.getText()).join(', ')}>`
        : '';
      return [`type ${name}${params} = ${alias.type.getText().replace(/\s+/g, ' ')}`];
    }
    if (symbol.flags & ts.SymbolFlags.Variable) {
      return [`const ${name}: ${typeText(checker.getTypeOfSymbolAtLocation(symbol, decl), decl)}`];
    }
    return [`${ts.SymbolFlags[symbol.flags] ?? symbol.flags} ${name}`];
  };

  const sections = Object.entries(entryPoints).map(([entry, file]) => {
    const source = program.getSourceFile(file);
    const module = source && checker.getSymbolAtLocation(source);
    if (!module) throw new Error(`${file} is not a module`);
    const exports = checker.getExportsOfModule(module).sort((a, b) => a.name.localeCompare(b.name));
    const typeOnly = (symbol: ts.Symbol) =>
      symbol.declarations?.some(
        (d) => ts.isExportSpecifier(d) && (d.isTypeOnly || d.parent.parent.isTypeOnly),
      ) ?? false;
    const lines = exports.flatMap((symbol) => [...describe(symbol.name, symbol, typeOnly(symbol)), '']);
    return [`## ${entry} (${exports.length} exports)`, '', '```ts', ...lines.slice(0, -1), '```', ''].join(
      '\n',
    );
  });
  return [
    '# API report: @sportscloud/core',
    '',
    '<!-- Written by `pnpm api:report` (scripts/api-report.ts); test/structure/api-report.node.test.ts fails when it is stale. -->',
    '',
    ...sections,
  ].join('\n');
}
