// Every verb prints through the renderers of `Reports` (JSON, TextTable, Language); re-exporting the
// module makes them visible in every file of the CLI, as they were when they lived here.
@_exported import Reports
