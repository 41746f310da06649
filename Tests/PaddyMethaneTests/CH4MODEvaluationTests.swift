import Foundation
import Testing
@testable import PaddyMethane
@testable import PaddyMethaneIO

/// Validation, sensitivity and calibration of CH4MOD: water schedules and statistics worked by
/// hand, the optimiser on problems with known minima, and the model's structure where it makes an
/// answer exact.
@Suite struct CH4MODEvaluationTests {
    static func parameters() throws -> CH4MODParameters { try TestModels.library.ch4mod().parameters }

    /// A 70-day season (so the logistic rate and W0 do not depend on their slopes), 28 °C air.
    static func experiment(_ treatments: [ValidationTreatment], days: Int = 70) -> ValidationExperiment {
        ValidationExperiment(id: "e", site: CH4MODSite(grainYieldTPerHa: 5, sandFraction: 0.3, amendments: []),
                             airTemperatureC: Array(repeating: 28, count: days), referenceTreatment: "cf", treatments: treatments)
    }

    static func cf(days: Int = 70, measured: Double? = nil) -> ValidationTreatment {
        ValidationTreatment(id: "cf", practice: .continuousFlooding,
                            water: .continuousFlooding(seasonDays: days, levelCm: 5, drainedLevelCm: -10, finalDrainageDays: 10),
                            measuredKgPerHa: measured, measuredRatio: nil)
    }

    static func awd(days: Int = 70, measured: Double? = nil, ratio: Double? = nil) -> ValidationTreatment {
        ValidationTreatment(id: "awd", practice: .multipleDrainage,
                            water: WaterSchedule(seasonDays: days, floodedLevelCm: 5, drainedLevelCm: -10, finalDrainageDays: 10,
                                                 drainedSpells: WaterSchedule.cycles(firstDay: 15, lastDay: 55, drainedDays: 5, floodedDays: 5)),
                            measuredKgPerHa: measured, measuredRatio: ratio)
    }

    @Test func scheduleRecedesLinearlyToTheDrainedLevel() {
        // 10 days, 5 cm ponding, one 2-day spell from day 3 to −10 cm (−5, −10), a 2-day
        // end-season drainage (−5, −10).
        let w = WaterSchedule(seasonDays: 10, floodedLevelCm: 5, drainedLevelCm: -10, finalDrainageDays: 2, drainedSpells: [(3, 2)])
        #expect(w.levels() == [5, 5, 5, -5, -10, 5, 5, 5, -5, -10])
        #expect(w.drainageCount == 1)
    }

    @Test func cyclesRepeatWhileAWholeSpellFits() {
        // From day 2: spells at 2 (2-4), then 2 + 3 + 2 = 7 (7-9); 12 + 3 > 12 does not fit.
        let spells = WaterSchedule.cycles(firstDay: 2, lastDay: 12, drainedDays: 3, floodedDays: 2)
        #expect(spells.map(\.start) == [2, 7])
        #expect(spells.map(\.days) == [3, 3])
        #expect(WaterSchedule.cycles(firstDay: 2, lastDay: 12, drainedDays: 0, floodedDays: 2).isEmpty)
    }

    @Test func biasAndRmseByHand() {
        // Differences +10 and −20: bias −5, RMSE √((100 + 400)/2) = √250 = 15.8113883.
        let e = ErrorSummary(pairs: [(110, 100), (80, 100)])
        #expect(e.count == 2)
        #expect(TestModels.close(e.bias, -5, rel: 1e-12))
        #expect(TestModels.close(e.rmse, 250.0.squareRoot(), rel: 1e-12))
    }

    @Test func drainageAboveTheReducingLevelChangesNothing() throws {
        // The water level enters CH4MOD only through "flooded" (level ≥ flooded_level_cm): with that
        // level at −20 cm, a schedule drained to −10 cm is flooded every day, so AWD emits exactly
        // what continuous flooding emits (ratio 1).
        var p = try Self.parameters()
        p.redox.floodedLevelCm = -20
        let report = try CH4MODValidator(experiments: [Self.experiment([Self.cf(), Self.awd()])]).report(p)
        #expect(report.rows[0].modelledRatio == nil)
        #expect(report.rows[1].modelledRatio == 1)
        // At the default (the surface) the drained days emit nothing and the ratio falls below 1.
        let base = try CH4MODValidator(experiments: [Self.experiment([Self.cf(), Self.awd()])]).report(try Self.parameters())
        #expect(base.rows[1].modelledRatio! < 1)
        #expect(TestModels.close(base.rows[1].modelledRatio!, base.rows[1].modelledKgPerHa / base.rows[0].modelledKgPerHa, rel: 1e-12))
    }

    @Test func modelledTotalIsTheSeasonSumInKgPerHa() throws {
        // kg ha⁻¹ = g m⁻² × 10, the season simulated on the schedule's levels and 4.4 + 0.76 × 28 °C.
        let p = try Self.parameters()
        let model = CH4MOD(parameters: p)
        let e = Self.experiment([Self.cf()])
        let direct = model.simulate(levelsCm: Self.cf().water.levels()[...], soilTemperatureC: { _ in 4.4 + 0.76 * 28 },
                                    site: e.site).emission * 10
        #expect(TestModels.close(try CH4MODValidator.seasonalKgPerHa(model, e, Self.cf()), direct, rel: 1e-12))
    }

    @Test func nelderMeadFindsAnInteriorAndABoundMinimum() {
        let box = BoundedNelderMead(lower: [0, 0], upper: [5, 5])
        // (x − 3)² + (y + 1)² on [0, 5]²: minimum at (3, 0) on the bound y = 0, value 1.
        let r = box.minimise(from: [1, 4]) { (x: [Double]) -> Double in (x[0] - 3) * (x[0] - 3) + (x[1] + 1) * (x[1] + 1) }
        #expect(abs(r.point[0] - 3) < 1e-4 && abs(r.point[1]) < 1e-6)
        #expect(abs(r.value - 1) < 1e-7)
        // Rosenbrock on [−2, 2]²: minimum 0 at (1, 1).
        let rosen = BoundedNelderMead(lower: [-2, -2], upper: [2, 2], maxEvaluations: 5000)
            .minimise(from: [-1.2, 1]) { (x: [Double]) -> Double in 100 * pow(x[1] - x[0] * x[0], 2) + pow(1 - x[0], 2) }
        #expect(rosen.converged)
        #expect(abs(rosen.point[0] - 1) < 1e-3 && abs(rosen.point[1] - 1) < 2e-3)
    }

    @Test func calibrationRecoversTheValueThatMadeTheMeasurements() throws {
        // "Measurements" made by the model with soil_om_t_ha = 1 (and the default rest); a fit from
        // the default 2 within its range 0–4 must come back to 1 with residuals near 0.
        var truth = try Self.parameters()
        truth.substrate.soilOrganicMatterTPerHa = 1
        let made = try CH4MODValidator(experiments: [Self.experiment([Self.cf(), Self.awd()])]).report(truth)
        let experiment = Self.experiment([Self.cf(measured: made.rows[0].modelledKgPerHa), Self.awd(measured: made.rows[1].modelledKgPerHa)])
        let key = try #require(CH4MODParameterKey.named("substrate.soil_om_t_ha"))
        let calibration = CH4MODCalibration(validator: CH4MODValidator(experiments: [experiment]), base: try Self.parameters(),
                                            free: [RangedParameter(key: key, low: 0, high: 4)])
        let fit = try calibration.fit()
        #expect(abs(fit.values[0] - 1) < 1e-3)
        #expect(fit.sumOfSquaresAfter < 1e-6 && fit.sumOfSquaresBefore > 1e-3)
        // Both totals are measured, so their quotient is not counted again as a ratio residual.
        #expect(fit.residuals.map(\.kind) == ["total", "total"])
    }

    @Test func sensitivityRanksParametersWithoutEffectLast() throws {
        // In a 70-day season r = r70 − s (70/70 − 1) = r70 and W0 = W70: the two slopes have no
        // effect at all (one at a time and Morris), so they rank below soil_om_t_ha and
        // exudate_coefficient, which raise the flooded total.
        let keys = ["biomass.rate_slope", "biomass.initial_slope", "substrate.soil_om_t_ha", "substrate.exudate_coefficient"]
        let p = try Self.parameters()
        let ranged = keys.map { k -> RangedParameter in
            let key = CH4MODParameterKey.named(k)!
            return RangedParameter(key: key, low: 0.5 * key.value(p), high: 1.5 * key.value(p))
        }
        let s = CH4MODSensitivity(validator: CH4MODValidator(experiments: [Self.experiment([Self.cf(), Self.awd()])]),
                                  base: try Self.parameters(), ranged: ranged)
        let (base, rows) = try s.run(trajectories: 3, seed: 7)
        #expect(base.continuousKgPerHa > 0)
        for r in rows where r.key.hasSuffix("_slope") {
            #expect(r.oneAtATime == [0, 0, 0])
            #expect(r.morrisMuStar == [0, 0, 0])
            #expect(r.rank[0] >= 3)
        }
        for r in rows where !r.key.hasSuffix("_slope") {
            #expect(r.oneAtATime[0] > 0)
            #expect(r.morrisMuStar[0] > 0)
            #expect(r.rank[0] <= 2)
        }
        // The same seed gives the same screen.
        #expect(try s.run(trajectories: 3, seed: 7).rows == rows)
    }

    @Test func everyParameterKeyOfTheFileHasAField() throws {
        let (p, file, _) = try TestModels.library.ch4mod()
        let numeric = file.provenance.map(\.key).filter { !$0.hasPrefix("defaults.") }
        #expect(Set(numeric) == Set(CH4MODParameterKey.all.map(\.key)))
        // Each key reads back the value the file gives it.
        for row in file.provenance where !row.key.hasPrefix("defaults.") {
            #expect(CH4MODParameterKey.named(row.key)!.value(p) == row.factor.value)
        }
        // Every range holds its value; the project's choices all have one.
        for r in file.rangedParameters { #expect(r.low <= r.key.value(p) && r.key.value(p) <= r.high) }
        for key in ["substrate.soil_om_t_ha", "redox.flooded_level_cm"] { #expect(file.ranged(key) != nil && file.isProjectChoice(key)) }
    }

    @Test func calibratedFileReplacesValuesAndSaysSo() throws {
        let base = """
        id: x
        redox:
          eh_rate:              {value: 0.16, low: 0.1, high: 0.2, source: "DEh"}
          flooded_level_cm:     {value: 0.0,  low: -10, high: 0,  source: "project: surface"}
        substrate:
          soil_om_t_ha:         {value: 2.0, source: "project"}
        """
        let text = try CalibratedParameterFile.render(baseText: base, values: ["redox.flooded_level_cm": -4.5, "substrate.soil_om_t_ha": 0.75],
                                                      header: ["fitted"])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "# fitted")
        #expect(lines[3].contains("{value: 0.16,"))
        #expect(lines[4].contains("{value: -4.5,") && lines[4].contains("source: \"calibrated (see the header; was 0.0); project: surface\""))
        #expect(lines[6].contains("{value: 0.75,"))
        #expect(throws: ParameterError.self) {
            try CalibratedParameterFile.render(baseText: base, values: ["redox.eh_floor": 1], header: [])
        }
    }

    @Test func theValidationSetLoadsWithItsRatios() throws {
        let (p, file, _) = try TestModels.library.ch4mod()
        let set = try ValidationSetFile.load(path: TestModels.directory.appendingPathComponent("validation/ch4mod-field-experiments.yaml").path)
        let experiments = try set.experiments(parameters: p, parameterFile: file)
        let treatments = experiments.flatMap(\.treatments)
        // At least 12 measured site-season treatments (a total or a ratio).
        #expect(treatments.filter { $0.measuredKgPerHa != nil || $0.measuredRatio != nil }.count >= 12)
        // Yagi et al. (1996), 1991: 8.63 / 14.8 g m⁻² = 0.583108…
        let yagi = try #require(experiments.first { $0.id == "yagi1996-ryugasaki-1991" })
        let intermittent = try #require(yagi.treatments.first { $0.id == "intermittent" })
        #expect(TestModels.close(intermittent.measuredRatio!, 86.3 / 148.0, rel: 1e-12))
        // May 10 + 110 days runs to 27 August: May, June, July, August means of the stand-in.
        #expect(yagi.airTemperatureC.first == 18.6 && yagi.airTemperatureC.last == 27.4)
        // The Bangladesh trial gives each treatment its own yield.
        let bd = try #require(experiments.first { $0.id == "mymensingh2017-boro" })
        #expect(bd.treatmentYieldTPerHa["awd_10cm"] == 6.25)
        // Every measured validation run closes its mass balances.
        _ = try CH4MODValidator(experiments: experiments).report(p)
    }

    @Test func aSpellOutsideTheSeasonIsRefusedNamingIt() throws {
        let (p, file, _) = try TestModels.library.ch4mod()
        let text = """
        id: t
        title: t
        experiments:
          - id: bad
            site: s
            citation: c
            doi: ""
            season_start: 2020-01-01
            season_days: 60
            climate: Cambodia
            reference: cf
            treatments:
              - id: cf
                practice: continuous_flooding
                water: {flooded_cm: 5, drained_cm: -10, final_drainage_days: 10, drainages: [{start_day: 58, days: 5}]}
        """
        let set = try StrictYAML.decode(ValidationSetFile.self, from: text, path: "t.yaml")
        #expect {
            try set.experiments(parameters: p, parameterFile: file)
        } throws: { ($0 as? ParameterError)?.description.contains("experiments[bad].treatments[cf]") ?? false }
    }
}

@Suite struct CH4MODDrawTests {
    @Test func drawsStayInTheirRangesAndRepeatWithTheSeed() throws {
        let (p, file, _) = try TestModels.library.ch4mod()
        let ranged = file.rangedParameters
        let a = CH4MODParameterDraws(base: p, ranged: ranged, draws: 50, seed: 3)
        let b = CH4MODParameterDraws(base: p, ranged: ranged, draws: 50, seed: 3)
        #expect(a.sets == b.sets)
        #expect(a.sets != CH4MODParameterDraws(base: p, ranged: ranged, draws: 50, seed: 4).sets)
        for set in a.sets {
            for r in ranged { #expect(r.low <= r.key.value(set) && r.key.value(set) <= r.high) }
            // Unranged parameters keep their value.
            #expect(set.temperature.referenceC == p.temperature.referenceC)
        }
    }

    @Test func intervalsHoldTheDrawsAndRatiosAreDrawByDraw() throws {
        // With the only ranged parameter having no effect (a slope in a 70-day season), every draw
        // gives the deterministic answer: the interval collapses onto it.
        let p = try CH4MODEvaluationTests.parameters()
        let slope = RangedParameter(key: CH4MODParameterKey.named("biomass.rate_slope")!, low: 0.01, high: 0.05)
        let validator = CH4MODValidator(experiments: [CH4MODEvaluationTests.experiment([CH4MODEvaluationTests.cf(), CH4MODEvaluationTests.awd()])])
        let base = try validator.report(p)
        let flat = try validator.intervals(CH4MODParameterDraws(base: p, ranged: [slope], draws: 20, seed: 1))
        #expect(flat[0].total.low95 == base.rows[0].modelledKgPerHa && flat[0].total.high95 == base.rows[0].modelledKgPerHa)
        #expect(flat[0].ratio == nil)
        #expect(flat[1].ratio!.low95 == base.rows[1].modelledRatio! && flat[1].ratio!.high95 == base.rows[1].modelledRatio!)
        // With soil_om_t_ha drawn over 0–4, the interval of the flooded total spans the model at
        // both ends' neighbourhood and contains the answer at the mid value 2.
        let om = RangedParameter(key: CH4MODParameterKey.named("substrate.soil_om_t_ha")!, low: 0, high: 4)
        let wide = try validator.intervals(CH4MODParameterDraws(base: p, ranged: [om], draws: 200, seed: 1))
        var mid = p
        mid.substrate.soilOrganicMatterTPerHa = 2
        let atMid = try validator.report(mid).rows[0].modelledKgPerHa
        #expect(wide[0].total.low95 < atMid && atMid < wide[0].total.high95)
        var lo = p, hi = p
        lo.substrate.soilOrganicMatterTPerHa = 0
        hi.substrate.soilOrganicMatterTPerHa = 4
        #expect(wide[0].total.low95 >= (try validator.report(lo)).rows[0].modelledKgPerHa)
        #expect(wide[0].total.high95 <= (try validator.report(hi)).rows[0].modelledKgPerHa)
    }
}

@Suite struct CH4MODClimatologyTests {
    @Test func everyClimatologyHasTwelveMonthsAndASource() throws {
        let (_, file, _) = try TestModels.library.ch4mod()
        #expect(file.climatologyNames.count >= 12)
        for name in file.climatologyNames {
            let c = try #require(file.climatology(name), "\(name) is missing")
            #expect(c.monthlyAirC.count == 12 && !c.source.isEmpty, "\(name)")
            // Rice-region monthly means: between 0 and 35 °C (Nanjing's January is 3.1 °C).
            #expect(c.monthlyAirC.allSatisfy { $0 > 0 && $0 < 35 }, "\(name)")
        }
    }

    /// Each station's 12 monthly daily-mean temperatures average to the annual mean the same WMO
    /// 1991-2020 data sheet publishes (its "Annual" column, a figure of its own): a check of the
    /// transcription against a number not copied into models/ch4mod.yaml.
    @Test("Station climatologies average to the published WMO 1991-2020 annual means",
          arguments: [("Thailand-Central-Plain", 28.433), ("Thailand-Northeast", 27.1), ("Indonesia-Java", 26.9),
                      ("Myanmar-Ayeyarwady", 27.5), ("Bangladesh", 24.9), ("Philippines-Central-Luzon", 27.9),
                      ("Cambodia-Northwest-Aranyaprathet", 28.242), ("China-Hunan", 17.8), ("China-Jiangsu", 16.4)])
    func annualMeans(name: String, publishedAnnualC: Double) throws {
        let (_, file, _) = try TestModels.library.ch4mod()
        let c = try #require(file.climatology(name))
        let mean = c.monthlyAirC.reduce(0, +) / 12
        // Annual means are published to 0.1 °C (24.9 for Mymensingh, whose months average 24.95).
        #expect(abs(mean - publishedAnnualC) <= 0.05 + 1e-9, "\(name): mean \(mean) against \(publishedAnnualC)")
        #expect(c.source.contains("WMO Climatological Standard Normals 1991-2020"))
    }

    @Test func stationValuesAsPublished() throws {
        let (_, file, _) = try TestModels.library.ch4mod()
        // Pathein 48094, daily mean row: April 30.6, December 25.4.
        let pathein = try #require(file.climatology("Myanmar-Ayeyarwady")).monthlyAirC
        #expect(pathein[3] == 30.6 && pathein[11] == 25.4)
        // Kolkata Dum Dum 42809 publishes only the daily maximum and minimum:
        // January (25.3 + 12.9)/2 = 19.1, May (36.1 + 26.2)/2 = 31.15.
        let kolkata = try #require(file.climatology("India-West-Bengal")).monthlyAirC
        #expect(TestModels.close(kolkata[0], (25.3 + 12.9) / 2, rel: 1e-12) && TestModels.close(kolkata[4], (36.1 + 26.2) / 2, rel: 1e-12))
        // Ludhiana 42099: June (38 + 26.1)/2 = 32.05.
        #expect(TestModels.close(try #require(file.climatology("India-Punjab")).monthlyAirC[5], (38 + 26.1) / 2, rel: 1e-12))
        // The Cambodia default is within 0.4 °C of Aranyaprathet, its nearest WMO station, every month.
        let cambodia = try #require(file.climatology("Cambodia")).monthlyAirC
        let aranyaprathet = try #require(file.climatology("Cambodia-Northwest-Aranyaprathet")).monthlyAirC
        #expect(zip(cambodia, aranyaprathet).allSatisfy { abs($0 - $1) <= 0.4 + 1e-9 })
    }

    /// The validation sites with station normals in their region run on them.
    @Test func validationSitesUseTheirRegionsNormals() throws {
        let (p, file, _) = try TestModels.library.ch4mod()
        let set = try ValidationSetFile.load(path: TestModels.directory.appendingPathComponent("validation/ch4mod-field-experiments.yaml").path)
        let experiments = try set.experiments(parameters: p, parameterFile: file)
        // Mymensingh boro, 20 January + 110 days: January starts at Mymensingh's 17.3 °C.
        let boro = try #require(experiments.first { $0.id == "mymensingh2017-boro" })
        #expect(boro.airTemperatureC.first == 17.3)
    }
}
