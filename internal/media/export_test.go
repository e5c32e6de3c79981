package media

// RunTool lets the external tests run a tool the way video and sound are
// processed.
var RunTool = run
