/// The county's poverty profile (`tuopin describe`): headcounts and incidence by township and tier,
/// village-exit status, income structure by source, categories and causes, the guarantee gaps of
/// each village (十查十补), and relocation demand against site capacity.
///
/// Definitions: a household is *poor* in the registry's year when it is registered and has not
/// exited (`exit_year` blank or after `year`); incidence = poor persons ÷ agricultural population
/// (a fraction); the *registered* figures count every household ever registered.
public struct CountyProfile: Sendable {
    public var county: County
    public var townships: Int
    public var villages: Int
    public var poorVillages: Int
    /// Registered households (rows of households.csv) and their persons.
    public var households: Int
    public var registeredPersons: Int
    /// Households and persons still poor in `county.year`.
    public var poorHouseholds: Int
    public var poorPersons: Int
    /// poorPersons ÷ agricultural population.
    public var incidence: Double
    /// registeredPersons ÷ agricultural population (incidence at registration).
    public var registeredIncidence: Double
    /// Households and persons that exited, by exit year (only years ≤ county.year).
    public var exits: [YearCount]
    public var byTownship: [TownshipRow]
    public var byTier: [TierRow]
    public var villageExit: VillageExitSummary
    public var incomeSources: [SourceShare]
    /// The Gini decomposition by income source (Poverty module); nil when it is undefined.
    public var giniBySource: [SourceGini]?
    public var categories: [CodeCount]
    public var causes: [CodeCount]
    public var guaranteeGaps: [VillageGaps]
    public var relocation: RelocationSummary

    public struct YearCount: Sendable, Equatable {
        public var year: Int
        public var households: Int
        public var persons: Int
    }

    public struct TownshipRow: Sendable, Equatable {
        public var township: String
        /// English name (townships.csv `name_en`), nil when not given.
        public var englishName: String? = nil
        public var tier: Int
        public var villages: Int
        public var poorVillages: Int
        public var agriculturalPopulation: Int
        public var registeredPersons: Int
        public var poorHouseholds: Int
        public var poorPersons: Int
        /// poorPersons ÷ agriculturalPopulation of the township's villages (0 when that is 0).
        public var incidence: Double
    }

    public struct TierRow: Sendable, Equatable {
        public var tier: Int
        public var townships: Int
        public var villages: Int
        public var poorVillages: Int
        public var agriculturalPopulation: Int
        public var poorPersons: Int
        public var incidence: Double
    }

    /// Poor villages by exit status. `eligible`: incidence below the threshold and every
    /// infrastructure item in place; `infrastructureMissing`: incidence below but an item missing;
    /// `notReady`: incidence at or above the threshold.
    public struct VillageExitSummary: Sendable, Equatable {
        public var threshold: Double
        public var exited: Int
        public var eligible: Int
        public var infrastructureMissing: Int
        public var notReady: Int
        /// Poor villages planned to exit each year, beside the county's target for that year.
        public var plan: [PlanYear]
    }

    public struct PlanYear: Sendable, Equatable {
        public var year: Int
        public var plannedVillages: Int
        public var exitedVillages: Int
        public var targetVillages: Int?
        public var targetPersons: Int?
        /// Persons who exited that year (only for years ≤ county.year).
        public var exitedPersons: Int?
    }

    /// Income of one source over the poor households and over all registered households.
    public struct SourceShare: Sendable, Equatable {
        public var source: IncomeSource
        /// Yuan per year, summed over the currently poor households, and its share of their total income.
        public var poorTotal: Double
        public var poorShare: Double
        /// The same over every registered household.
        public var registeredTotal: Double
        public var registeredShare: Double
    }

    /// One row of the Gini-by-source decomposition (from the `Poverty` module).
    public struct SourceGini: Sendable, Equatable {
        public var source: IncomeSource
        public var share: Double
        public var gini: Double
        public var correlation: Double
        public var contribution: Double
        public init(source: IncomeSource, share: Double, gini: Double, correlation: Double, contribution: Double) {
            self.source = source; self.share = share; self.gini = gini; self.correlation = correlation; self.contribution = contribution
        }
    }

    /// Households and persons with one code (category or cause), poor now and ever registered.
    public struct CodeCount: Sendable, Equatable {
        public var code: String
        public var chinese: String
        public var english: String
        public var poorHouseholds: Int
        public var poorPersons: Int
        public var registeredHouseholds: Int
        public var registeredPersons: Int
    }

    /// What one village is missing (十查十补): poor households lacking each guarantee, and infrastructure items.
    public struct VillageGaps: Sendable, Equatable {
        public var village: String
        public var name: String
        public var township: String
        public var poorHouseholds: Int
        public var education: Int
        public var medical: Int
        public var housing: Int
        public var water: Int
        /// Column names of the missing infrastructure items (road, water, electricity, broadband, clinic, school).
        public var infrastructure: [String]
    }

    public struct RelocationSummary: Sendable, Equatable {
        public var households: Int
        public var persons: Int
        public var poorPersons: Int
        public var wholeVillageNaturalVillages: Int
        public var wholeVillageTownships: Int
        public var wholeVillageHouseholds: Int
        public var wholeVillagePersons: Int
        public var scatteredHouseholds: Int
        public var scatteredPersons: Int
        public var scatteredVillages: Int
        public var byYear: [YearCount]
        public var sites: [SiteCapacity]
        /// Flats at all concentrated sites.
        public var concentratedFlats: Int
    }

    /// A site's capacity beside the demand it can serve. A household of n persons may take a flat of
    /// at most 25·n m², so `fittingHouseholds` counts relocating households large enough for the
    /// site's smallest flat.
    public struct SiteCapacity: Sendable, Equatable {
        public var site: String
        public var name: String
        public var kind: SiteKind
        public var flats: Int
        public var flatTypes: [FlatType]
        public var fittingHouseholds: Int
        public var schoolSeats: Int
        public var kindergartenSeats: Int
        public var subsidyPerPerson: Double
        public var cost: Double
    }
}
