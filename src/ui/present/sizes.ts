/** A trace row's height in presentation: room for its larger type (TraceRow's ROW_HEIGHT is 30). */
export const PRESENT_ROW_HEIGHT = 46;
