import { lazy, Suspense, type ComponentType } from 'react';
import type { NodeProps, NodeTypes } from '@xyflow/react';
import type { InsideNode } from '../elements';

/*
 * The node types drawn inside a device, loaded with the first device that has an inside (most
 * scenarios have none, and the page starts without them).
 */

const load = () => import('./InsideNodes');

function lazyNode(name: 'NetnsNode' | 'BridgeNode' | 'IfaceNode'): ComponentType<NodeProps<InsideNode>> {
  const Part = lazy(() => load().then((m) => ({ default: m[name] })));
  return function LazyPart(props: NodeProps<InsideNode>) {
    return (
      <Suspense fallback={null}>
        <Part {...props} />
      </Suspense>
    );
  };
}

export const INSIDE_NODE_TYPES: NodeTypes = {
  netns: lazyNode('NetnsNode'),
  bridge: lazyNode('BridgeNode'),
  iface: lazyNode('IfaceNode'),
} as NodeTypes;
