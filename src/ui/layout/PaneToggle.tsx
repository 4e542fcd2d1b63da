/** "Hide inspector" / "Show inspector": collapses a side pane to give the canvas its room. */
export function PaneToggle(props: { controls: string; name: string; what: string; collapsed: boolean; onToggle: (collapsed: boolean) => void; className?: string }) {
  const { controls, name, what, collapsed, onToggle, className } = props;
  return (
    <button
      type="button"
      className={className ? `pane-toggle ${className}` : 'pane-toggle'}
      aria-controls={controls}
      aria-expanded={!collapsed}
      title={collapsed ? `Show ${what}` : `Hide ${what} (more room for the canvas)`}
      onClick={() => onToggle(!collapsed)}
    >
      {collapsed ? `Show ${name}` : `Hide ${name}`}
    </button>
  );
}
