import type { DeviceKind } from '../../engine/scenario/types';

/* One inline SVG per device kind, drawn with currentColor so they follow the theme. */

const common = {
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 1.8,
  strokeLinecap: 'round' as const,
  strokeLinejoin: 'round' as const,
};

function Host() {
  return (
    <g {...common}>
      <rect x="3" y="4" width="18" height="12" rx="1.5" />
      <path d="M9 20h6M12 16v4" />
    </g>
  );
}

function Router() {
  return (
    <g {...common}>
      <circle cx="12" cy="12" r="9.5" />
      <path d="M12 4.5v5M10 6.5l2-2 2 2M12 19.5v-5M10 17.5l2 2 2-2" />
      <path d="M4.5 12h5M6.5 10l-2 2 2 2M19.5 12h-5M17.5 10l2 2-2 2" />
    </g>
  );
}

function Switch() {
  return (
    <g {...common}>
      <rect x="2.5" y="5" width="19" height="14" rx="2" />
      <path d="M7 10h10M15 8l2 2-2 2M17 14H7M9 12l-2 2 2 2" />
    </g>
  );
}

function Cloud() {
  return (
    <g {...common}>
      <path d="M7 18.5h10.5a4 4 0 0 0 .6-7.95A6 6 0 0 0 6.6 9.1 4.7 4.7 0 0 0 7 18.5z" />
    </g>
  );
}

const ICONS: Record<DeviceKind, () => React.JSX.Element> = { host: Host, router: Router, switch: Switch, cloud: Cloud };

export function DeviceIcon({ kind, size = 28 }: { kind: DeviceKind; size?: number }) {
  const Icon = ICONS[kind];
  return (
    <svg className="device-icon" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <Icon />
    </svg>
  );
}
