import ArgumentParser
import Study

/// The check every verb with `--through YEAR` shares (`plan`, `compare`, `simulate`).
enum ThroughOption {
    /// Refuses a `--through` the projection cannot run (exit 2): a year outside the county's
    /// projection years (the registry's year + 1 … + `YearLevers.maximumYears` − 1).
    static func check(_ year: Int, workspace: CountyWorkspace) throws {
        let years = workspace.projectionYears
        if !years.contains(year) {
            throw ValidationError("--through must be a year from \(years.lowerBound) (the registry's year \(years.lowerBound - 1) + 1) to \(years.upperBound), found \(year)")
        }
    }
}
