public import PaddyMethane
import Foundation

/// The schema of a validation set (`models/validation/ch4mod-field-experiments.yaml`), decoded
/// strictly and turned into the model's `ValidationExperiment`s.
public struct ValidationSetFile: Sendable, Decodable, Equatable {
    public var id: String
    public var title: String
    var climatology: [String: Climatology]?
    var experiments: [Experiment]

    struct Climatology: Sendable, Decodable, Equatable {
        var monthly_air_c: [Double]
        var source: String
    }
    struct Experiment: Sendable, Decodable, Equatable {
        var id: String
        var site: String
        var citation: String
        var doi: String
        var season_start: String
        var season_days: Int
        var climate: String
        var reference: String
        var assumed: [String]?
        var grain_yield_t_ha: Double?
        var sand_fraction: Double?
        var amendments: [Amendment]?
        var treatments: [Treatment]
    }
    struct Amendment: Sendable, Decodable, Equatable {
        var type: AmendmentType
        var rate_t_ha: Double
    }
    struct Treatment: Sendable, Decodable, Equatable {
        var id: String
        var practice: ValidationPractice
        var water: Water
        var grain_yield_t_ha: Double?
        var measured_ch4_kg_ha: Double?
        var measured_ratio: Double?
        var measured_source: String?
        var measured_ratio_note: String?
    }
    struct Water: Sendable, Decodable, Equatable {
        var flooded_cm: Double
        var drained_cm: Double
        var final_drainage_days: Int
        var drainages: [Spell]?
        var cycles: Cycles?
    }
    struct Spell: Sendable, Decodable, Equatable {
        var start_day: Int
        var days: Int
    }
    struct Cycles: Sendable, Decodable, Equatable {
        var first_day: Int
        var last_day: Int
        var drained_days: Int
        var flooded_days: Int
    }

    public static func load(path: String) throws -> ValidationSetFile {
        try StrictYAML.decodeFile(ValidationSetFile.self, path: path)
    }

    /// The experiments, with temperatures from the named climatologies (this file's, else
    /// `models/ch4mod.yaml`'s) (converted to soil temperature by the model when it runs); site values the file does
    /// not give are the parameter file's defaults. Measured ratios are the file's, else the
    /// quotient of the two measured totals.
    /// - Throws: `ParameterError` naming the experiment and key.
    public func experiments(parameters p: CH4MODParameters, parameterFile: CH4MODParametersFile) throws(ParameterError) -> [ValidationExperiment] {
        var seen = Set<String>()
        return try experiments.map { (e: Experiment) throws(ParameterError) -> ValidationExperiment in
            let at = "experiments[\(e.id)]"
            guard seen.insert(e.id).inserted else { throw ParameterError(description: "\(at): the id is used twice") }
            guard let start = CalendarDate(iso: Substring(e.season_start)) else {
                throw ParameterError(description: "\(at).season_start = \(e.season_start) is not a date YYYY-MM-DD")
            }
            guard e.season_days >= 30 else { throw ParameterError(description: "\(at).season_days = \(e.season_days): a season is at least 30 days") }
            let monthly: [Double]
            if let c = climatology?[e.climate], c.monthly_air_c.count == 12 {
                monthly = c.monthly_air_c
            } else if let c = parameterFile.climatology(e.climate) {
                monthly = c.monthlyAirC
            } else {
                throw ParameterError(description: "\(at).climate = \(e.climate): no climatology of 12 months of that name in this file or models/ch4mod.yaml")
            }
            guard e.treatments.contains(where: { $0.id == e.reference }) else {
                throw ParameterError(description: "\(at).reference = \(e.reference) is none of its treatments")
            }
            let totals = Dictionary(e.treatments.compactMap { t in t.measured_ch4_kg_ha.map { (t.id, $0) } }, uniquingKeysWith: { a, _ in a })
            let site = CH4MODSite(grainYieldTPerHa: e.grain_yield_t_ha ?? p.defaultGrainYieldTPerHa,
                                  sandFraction: e.sand_fraction ?? p.defaultSandFraction,
                                  amendments: (e.amendments ?? []).map { OrganicAmendment(type: $0.type, rateTPerHa: $0.rate_t_ha) })
            var treatments: [ValidationTreatment] = []
            for t in e.treatments {
                let w = t.water
                var spells = (w.drainages ?? []).map { (start: $0.start_day, days: $0.days) }
                if let c = w.cycles {
                    spells += WaterSchedule.cycles(firstDay: c.first_day, lastDay: c.last_day, drainedDays: c.drained_days, floodedDays: c.flooded_days)
                }
                for s in spells where s.start < 0 || s.days < 1 || s.start + s.days > e.season_days {
                    throw ParameterError(description: "\(at).treatments[\(t.id)]: a drained spell (day \(s.start), \(s.days) days) lies outside the \(e.season_days)-day season")
                }
                let ratio = t.measured_ratio ?? totals[t.id].flatMap { m in totals[e.reference].map { m / $0 } }
                treatments.append(ValidationTreatment(
                    id: t.id, practice: t.practice,
                    water: WaterSchedule(seasonDays: e.season_days, floodedLevelCm: w.flooded_cm, drainedLevelCm: w.drained_cm,
                                         finalDrainageDays: w.final_drainage_days, drainedSpells: spells),
                    measuredKgPerHa: t.measured_ch4_kg_ha, measuredRatio: t.id == e.reference ? nil : ratio))
            }
            // Treatment yields differ in some trials (the biomass follows the yield); the site takes
            // the experiment's, and a treatment's own yield where given.
            let perTreatmentYield = Dictionary(e.treatments.compactMap { t in t.grain_yield_t_ha.map { (t.id, $0) } }, uniquingKeysWith: { a, _ in a })
            return ValidationExperiment(id: e.id, site: site,
                                        airTemperatureC: ValidationExperiment.dailyAirTemperatures(monthlyAirC: monthly, start: start, days: e.season_days),
                                        referenceTreatment: e.reference, treatments: treatments, treatmentYieldTPerHa: perTreatmentYield)
        }
    }
}
