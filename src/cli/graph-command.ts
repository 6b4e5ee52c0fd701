import type { Command } from 'commander';
import { Option } from 'commander';
import { InventoryView } from '../inventory/index.js';
import { buildGraph } from '../graph/index.js';
import { EXIT, UsageError } from './exit-codes.js';
import { findNode, graphDot, graphJson, neighbourhood, wholeGraph, MAX_NEIGHBOURHOOD, MAX_NEIGHBOURHOOD_EDGES } from './graph-export.js';
import type { CliIo } from './io.js';
import { parseCount } from './option-values.js';
import { registerSourceCommands, reportCollectionGaps, type LoadedSource, type SourceKind } from './sources.js';

interface GraphOptions {
  format: 'json' | 'dot';
  around?: string;
  depth?: string;
  ignoreInputErrors: boolean;
}

export const DEFAULT_DEPTH = 2;

function addGraphOptions(command: Command): Command {
  return command
    .addOption(new Option('-f, --format <format>', 'json, or dot for Graphviz').choices(['json', 'dot']).default('json'))
    .option('--around <node>', 'only the neighbourhood of this node: Kind/namespace/name, Kind/name, or a node id (Deployment:shop-frontend/storefront)')
    .option('--depth <n>', `with --around, how many edges away, both ways (default ${DEFAULT_DEPTH})`)
    .option('--ignore-input-errors', 'do not exit 2 because some input could not be read', false);
}

const ABOUT =
  '\nThe whole graph lists every node and stored edge. Pod-to-pod reachability (`reaches`) is computed\n' +
  'on demand from NetworkPolicies, never for every pair; it is included only with --around, for the\n' +
  `edges that leave the neighbourhood's nodes. A neighbourhood stops at ${MAX_NEIGHBOURHOOD} nodes and\n` +
  `${MAX_NEIGHBOURHOOD_EDGES} edges.\n`;

const HELP: Record<SourceKind, string> = {
  manifests: `${ABOUT}\nExamples:\n  eksguard graph manifests examples/shop > graph.json\n  eksguard graph manifests examples/shop --format dot --around Deployment/shop-frontend/storefront | dot -Tsvg > storefront.svg`,
  snapshot: `${ABOUT}\nExamples:\n  eksguard graph snapshot examples/prod.snapshot.json.gz --around ServiceAccount/kube-system/ebs-csi-controller-sa --depth 3\n  eksguard graph snapshot examples/prod.snapshot.json.gz --format dot --around ClusterRole/cluster-admin | dot -Tpng > admin.png`,
  cluster: `${ABOUT}\nExamples:\n  eksguard graph cluster --name prod --region eu-west-1 > graph.json\n  eksguard graph cluster --name prod --region eu-west-1 --format dot --around Deployment/shop/frontend`,
};

/** `eksguard graph manifests|snapshot|cluster`: the security graph, or a node's neighbourhood. */
export function registerGraphCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const graph = program
    .command('graph')
    .description('export the security graph of manifests, a snapshot or a live cluster, as JSON or Graphviz DOT')
    .addHelpText('after', '\nExamples:\n  eksguard graph snapshot examples/prod.snapshot.json.gz > graph.json\n  eksguard graph manifests examples/shop --format dot --around Deployment/shop-frontend/storefront | dot -Tsvg > storefront.svg');
  registerSourceCommands<GraphOptions>(
    graph,
    {
      descriptions: {
        manifests: 'export the security graph of Kubernetes manifests: files, directories (recursive), or - for standard input',
        snapshot: 'export the security graph of a snapshot written by `eksguard collect`, offline',
        cluster: 'collect an EKS cluster (read-only) and export its security graph',
      },
      addOptions: addGraphOptions,
      help: HELP,
      run: (source, options) => runGraph(source, options, io),
    },
    io,
    setExit,
  );
}

export function runGraph(source: LoadedSource, options: GraphOptions, io: CliIo): number {
  if (options.depth !== undefined && options.around === undefined) throw new UsageError('--depth needs --around <node>');
  const depth = parseCount(options.depth, '--depth', DEFAULT_DEPTH, 20);
  const { input } = source;
  const graph = buildGraph(new InventoryView(input.inventory, input.locator));
  const selection = options.around === undefined ? wholeGraph(graph) : neighbourhood(graph, findNode(graph, options.around), depth);
  io.stdout.write(options.format === 'dot' ? graphDot(selection) : graphJson(selection));
  if (selection.around?.truncated) {
    const hint = depth > 1 ? 'a smaller --depth may show all of it' : 'the node has more neighbours than that';
    io.stderr.write(`eksguard: the neighbourhood was cut at ${MAX_NEIGHBOURHOOD} nodes; ${hint}\n`);
  }
  if (selection.around?.edgesTruncated) {
    io.stderr.write(
      `eksguard: the neighbourhood's edges were cut at ${MAX_NEIGHBOURHOOD_EDGES} (stored edges kept first, then reachability); ` +
        'some edges between its nodes are not shown\n',
    );
  }
  reportCollectionGaps(source, io);
  for (const error of input.inputErrors) {
    io.stderr.write(`eksguard: input error: ${error.file}${error.line ? `:${error.line}` : ''}: ${error.message}\n`);
  }
  return input.inputErrors.length > 0 && !options.ignoreInputErrors ? EXIT.usage : EXIT.ok;
}
