import type cytoscape from 'cytoscape';
import { useEffect, useRef, useState } from 'react';
import type { AttackPath, GraphNodeRef } from '../api/types.js';
import { resourceText } from './resource-name.js';

/** Canvas labels cannot wrap like text: long names are cut, the step list beside shows them whole. */
const LABEL_MAX = 48;

function nodeKey(node: GraphNodeRef): string {
  return JSON.stringify([node.kind, node.namespace ?? '', node.name]);
}

function label(node: GraphNodeRef): string {
  const text = resourceText(node);
  return text.length > LABEL_MAX ? `${text.slice(0, LABEL_MAX - 1)}…` : text;
}

/** The elements of a path: each distinct node once, each step an edge, laid out left to right. */
function pathElements(path: AttackPath): cytoscape.ElementDefinition[] {
  const ids = new Map<string, string>();
  const elements: cytoscape.ElementDefinition[] = [];
  const nodeId = (node: GraphNodeRef): string => {
    const key = nodeKey(node);
    let id = ids.get(key);
    if (id === undefined) {
      id = `n${ids.size}`;
      ids.set(key, id);
      const index = ids.size - 1;
      elements.push({ group: 'nodes', data: { id, label: label(node), kind: node.kind }, position: { x: index * 220, y: (index % 2) * 70 } });
    }
    return id;
  };
  path.steps.forEach((step, index) => {
    elements.push({ group: 'edges', data: { id: `e${index}`, source: nodeId(step.from), target: nodeId(step.to), label: step.edge } });
  });
  return elements;
}

/** Colours come from the stylesheet's own values: cytoscape draws on a canvas, CSS cannot reach it. */
const STYLE: cytoscape.StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'background-color': '#3b6ea5',
      color: '#1b1f24',
      'font-size': 11,
      'text-valign': 'bottom',
      'text-margin-y': 6,
      'text-wrap': 'wrap',
      'text-max-width': '180px',
      width: 22,
      height: 22,
    },
  },
  { selector: 'node:selected', style: { 'background-color': '#b23b3b' } },
  {
    selector: 'edge',
    style: {
      label: 'data(label)',
      width: 2,
      'line-color': '#8896a8',
      'target-arrow-color': '#8896a8',
      'target-arrow-shape': 'triangle',
      'curve-style': 'bezier',
      'font-size': 10,
      color: '#4a5563',
      'text-background-color': '#ffffff',
      'text-background-opacity': 1,
      'text-rotation': 'autorotate',
    },
  },
];

/**
 * cytoscape adds an inline <style> to the head (which the CSP blocks, as a console error) unless
 * an element with this id exists; its one rule, `position: relative`, is in styles.css.
 */
const CYTOSCAPE_STYLESHEET_ID = '__________cytoscape_stylesheet';

function claimCytoscapeStylesheet(): void {
  if (document.getElementById(CYTOSCAPE_STYLESHEET_ID)) return;
  const marker = document.createElement('meta');
  marker.id = CYTOSCAPE_STYLESHEET_ID;
  document.head.append(marker);
}

/** Drawn with cytoscape, loaded on first use so the other views do not pay for it. */
export function PathGraph(props: { path: AttackPath }) {
  const container = useRef<HTMLDivElement>(null);
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    let cy: cytoscape.Core | undefined;
    let cancelled = false;
    import('cytoscape').then(
      ({ default: create }) => {
        if (cancelled || !container.current) return;
        claimCytoscapeStylesheet();
        cy = create({
          container: container.current,
          elements: pathElements(props.path),
          style: STYLE,
          layout: { name: 'preset', fit: true, padding: 40 },
          boxSelectionEnabled: false,
          wheelSensitivity: 0.3,
        });
      },
      (error: unknown) => setFailure(`The graph could not be drawn: ${String(error)}`),
    );
    return () => {
      cancelled = true;
      cy?.destroy();
    };
  }, [props.path]);
  return (
    <div ref={container} className="path-graph" data-testid="path-graph" aria-label="Attack path graph" role="img">
      {failure && <p className="error">{failure}</p>}
    </div>
  );
}
