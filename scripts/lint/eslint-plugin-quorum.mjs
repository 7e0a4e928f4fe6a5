// @ts-check
import path from 'node:path';
import ts from 'typescript';

/**
 * Architecture rules that need the type checker (dependency-cruiser sees files, not names):
 * `import { Meeting } from '@quorum/meetings'` depends on the library's index.ts as far as
 * dependency-cruiser can tell; the checker knows `Meeting` is declared in meeting.entity.ts.
 */

/** An entity or repository file of a library, captured: the library. Paths relative to the repository root. */
const PERSISTENCE_FILE = /^libs\/([^/]+)\/src\/(?:.*\/)?[^/]+\.(?:entity|repository)\.ts$/;
const OWN_LIBRARY = /^libs\/([^/]+)\//;

/** @param {string} file @param {string} root */
function relative(file, root) {
  return path.relative(root, file).split(path.sep).join('/');
}

/** @type {import('eslint').Rule.RuleModule} */
const controllerImportsNoForeignPersistence = {
  meta: {
    type: 'problem',
    docs: { description: "A controller or gateway never imports another library's entities or repositories." },
    messages: {
      foreign:
        "'{{name}}' is declared in {{file}}: a controller never imports another library's entities or repositories; call a service of {{library}} instead.",
    },
    schema: [],
  },
  create(context) {
    const services = context.sourceCode.parserServices;
    if (!services?.program || !services.esTreeNodeToTSNodeMap)
      throw new Error(`${context.id} needs type information (parserOptions.projectService)`);
    const checker = services.program.getTypeChecker();
    const root = context.cwd;
    const own = OWN_LIBRARY.exec(relative(context.filename, root))?.[1];

    /** The library whose entity or repository file declares what `symbol` finally stands for, if it is not the own library. */
    function foreignPersistence(/** @type {ts.Symbol | undefined} */ symbol) {
      if (!symbol) return undefined;
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      for (const declaration of target.declarations ?? []) {
        const file = relative(declaration.getSourceFile().fileName, root);
        const library = PERSISTENCE_FILE.exec(file)?.[1];
        if (library && library !== own) return { file, library };
      }
      return undefined;
    }

    /** @param {import('estree').Node} node @param {ts.Node} tsNode @param {string} name */
    function check(node, tsNode, name) {
      const found = foreignPersistence(checker.getSymbolAtLocation(tsNode));
      if (found) context.report({ node, messageId: 'foreign', data: { name, ...found } });
    }

    return {
      ImportDeclaration(declaration) {
        for (const specifier of declaration.specifiers) {
          if (specifier.type === 'ImportNamespaceSpecifier') {
            // import * as meetings from '...': check each meetings.X that is used.
            for (const variable of context.sourceCode.getDeclaredVariables(specifier)) {
              for (const reference of variable.references) {
                const parent = /** @type {any} */ (reference.identifier).parent;
                if (parent?.type === 'MemberExpression' && parent.object === reference.identifier && !parent.computed) {
                  check(parent, services.esTreeNodeToTSNodeMap.get(parent.property), `${specifier.local.name}.${parent.property.name}`);
                } else if (parent?.type === 'TSQualifiedName' && parent.left === reference.identifier) {
                  check(parent, services.esTreeNodeToTSNodeMap.get(parent.right), `${specifier.local.name}.${parent.right.name}`);
                }
              }
            }
          } else {
            check(specifier, services.esTreeNodeToTSNodeMap.get(specifier.local), specifier.local.name);
          }
        }
      },
    };
  },
};

export default {
  meta: { name: 'quorum' },
  rules: { 'controller-imports-no-foreign-persistence': controllerImportsNoForeignPersistence },
};
