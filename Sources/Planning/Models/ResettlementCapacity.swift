/// What the sites have left after a year's movers (a relocation carried out year by year, as
/// `tuopin plan --through` does: each year's movers are placed on what the years before left).
public struct SiteCapacity: Sendable, Equatable {
    /// The sites as the next year's resettlement model sees them: flats of each type less those
    /// taken, and a construction cost of 0 (the sites are built and paid for in the first year;
    /// later years pay subsidies and moving only, and an empty flat costs nothing more).
    public var sites: [Site]
    /// School and kindergarten seats taken so far (estimated pupils and children placed), by site:
    /// pass them as `ResettlementOptions.schoolSeatsTaken` / `kindergartenSeatsTaken`.
    public var schoolSeatsTaken: [Double]
    public var kindergartenSeatsTaken: [Double]

    /// The full capacity of `sites` (nothing taken yet).
    public init(sites: [Site]) {
        self.sites = sites
        schoolSeatsTaken = Array(repeating: 0, count: sites.count)
        kindergartenSeatsTaken = Array(repeating: 0, count: sites.count)
    }

    /// The capacity left once `result` (solved on `self`) is carried out: each site's flats less
    /// `FlatOutcome.taken`, seats taken plus the result's pupils and children, construction 0.
    public func after(_ result: ResettlementResult) -> SiteCapacity {
        var out = self
        for outcome in result.sites where outcome.site >= 0 && outcome.site < out.sites.count {
            let s = outcome.site
            for (a, flat) in outcome.flats.enumerated() where a < out.sites[s].flats.count {
                out.sites[s].flats[a].count = max(0, out.sites[s].flats[a].count - flat.taken)
            }
            out.schoolSeatsTaken[s] += outcome.pupils
            out.kindergartenSeatsTaken[s] += outcome.kindergartenChildren
        }
        for s in out.sites.indices { out.sites[s].cost = 0 }
        return out
    }

    /// `options` with the seats taken so far.
    public func apply(to options: ResettlementOptions) -> ResettlementOptions {
        var options = options
        options.schoolSeatsTaken = schoolSeatsTaken
        options.kindergartenSeatsTaken = kindergartenSeatsTaken
        return options
    }
}
