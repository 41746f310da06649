import Foundation
import Testing
@testable import PaddyMethane
import PaddyMethaneIO

/// CH4MOD's plant terms, tabulated once per season length, grain yield and sand fraction: the
/// table against the published forms (Huang, Sass & Fisher 1998, science.md section 3), the
/// simulation through the table against one that computes every day directly, and the tables of
/// two parameter sets kept apart.
@Suite struct CH4MODPlantTableTests {
    let parameters: CH4MODParameters

    init() throws {
        parameters = try TestModels.library.ch4mod().parameters
    }

    /// The plant terms of day t from the definitions, written out here:
    /// Wmax = a (100 GY)^b; r = r70 − s (SD/70 − 1); W0 = max(1, W70 − s0 (SD/70 − 1));
    /// W = Wmax / (1 + (Wmax/W0 − 1) e^(−r t)); C_R = k VI SI W^e with SI = i + s sand;
    /// F_p = f (1 − W/Wmax)^e. Roots are checked against their equation instead (see below).
    func definition(day t: Int, seasonDays: Int, site: CH4MODSite, _ p: CH4MODParameters) -> (w: Double, cr: Double, fp: Double, wmax: Double) {
        let b = p.biomass, sub = p.substrate, e = p.emission
        let wmax = b.maxBiomassCoefficient * pow(site.grainYieldTPerHa * 100, b.maxBiomassExponent)
        let scale = Double(seasonDays) / 70 - 1
        let r = b.logisticRateAt70DaysPerDay - b.logisticRateSlopePerDay * scale
        let w0 = max(1, b.initialBiomassAt70DaysGPerM2 - b.initialBiomassSlopeGPerM2 * scale)
        let w = wmax / (1 + (wmax / w0 - 1) * exp(-r * Double(t)))
        let si = sub.textureIntercept + sub.textureSlope * site.sandFraction
        let cr = sub.exudateCoefficient * sub.varietyIndex * si * pow(w, sub.exudateExponent)
        let fp = e.plantMaxFraction * pow(max(0, 1 - w / wmax), e.plantExponent)
        return (w, cr, fp, wmax)
    }

    /// Checks a table day by day against the definitions; roots against
    /// W_tot = W + c W_tot^e (masses in mg m⁻²), W_tot = (W + W_root) × 1000.
    func expectMatchesDefinition(_ table: [CH4MODPlantDay], seasonDays: Int, site: CH4MODSite, _ p: CH4MODParameters) {
        #expect(table.count == seasonDays)
        for (i, day) in table.enumerated() {
            let d = definition(day: i + 1, seasonDays: seasonDays, site: site, p)
            #expect(TestModels.close(day.shootBiomass, d.w, rel: 1e-12), "W day \(i + 1)")
            #expect(TestModels.close(day.exudates, d.cr, rel: 1e-12), "C_R day \(i + 1)")
            #expect(TestModels.close(day.plantTransportFraction, d.fp, rel: 1e-12), "F_p day \(i + 1)")
            let totalMg = (day.shootBiomass + day.rootBiomass) * 1000
            #expect(TestModels.close(totalMg, day.shootBiomass * 1000 + p.biomass.rootCoefficient * pow(totalMg, p.biomass.rootExponent), rel: 1e-9),
                    "roots day \(i + 1)")
        }
    }

    @Test(arguments: [(90, 3.5), (120, 3.5), (120, 6.2), (151, 2.0)])
    func tableIsThePublishedFormsDayByDay(seasonDays: Int, grainYieldTPerHa: Double) throws {
        let model = CH4MOD(parameters: parameters)
        let site = CH4MODSite(grainYieldTPerHa: grainYieldTPerHa, sandFraction: 0.35, amendments: [])
        let k = model.seasonConstants(seasonDays: seasonDays, site: site)
        let table = try #require(model.plantTable(seasonDays: seasonDays, site: site, season: k))
        expectMatchesDefinition(table, seasonDays: seasonDays, site: site, parameters)
        // The table holds exactly what the per-day function gives.
        #expect(table == (1...seasonDays).map { model.plantDay($0, season: k) })
        // W runs from near W0 towards Wmax: Wmax = a (100 GY)^b.
        let wmax = definition(day: 1, seasonDays: seasonDays, site: site, parameters).wmax
        #expect(table.last!.shootBiomass < wmax && table.last!.shootBiomass > table.first!.shootBiomass)
    }

    /// The season simulated by `simulate` (through the table, TI kept while the temperature
    /// stays) and by a loop that computes every day's plant terms and TI directly: the same
    /// numbers to the last bit.
    func directSeason(_ model: CH4MOD, levels: [Float], temperatureC: (Int) -> Double, site: CH4MODSite) -> (emission: Double, production: Double, daily: [Float]) {
        var state = model.initialState(site)
        let k = model.seasonConstants(seasonDays: levels.count, site: site)
        var emission = 0.0, production = 0.0, daily: [Float] = []
        var level = 0.0
        for (i, l) in levels.enumerated() {
            if !l.isNaN { level = Double(l) }
            let t = temperatureC(i)
            let ti = temperatureIndex(soilTemperatureC: t, q10: model.parameters.temperature.q10, referenceC: model.parameters.temperature.referenceC)
            let r = model.rates(state, plant: model.plantDay(i + 1, season: k), season: k, waterLevelCm: level, soilTemperatureC: t, temperatureIndex: ti)
            emission += r.emission
            production += r.production
            daily.append(Float(r.emission))
            state = model.integrate(state, r)
        }
        return (emission, production, daily)
    }

    @Test func simulationThroughTheTableEqualsTheDirectOne() {
        let model = CH4MOD(parameters: parameters)
        // AWD with a mid-season gap in the record, straw, a monthly temperature step.
        var levels = TestSeries.levels([(20, 5), (6, -15), (9, 5), (6, -15), (9, 5), (6, -15), (40, 5), (14, -10)])
        for i in 50..<55 { levels[i] = .nan }
        let site = CH4MODSite(grainYieldTPerHa: 4.5, sandFraction: 0.2, amendments: [OrganicAmendment(type: .straw_short, rateTPerHa: 3)])
        let temperature: (Int) -> Double = { i in 24 + Double(i / 30) }
        let direct = directSeason(model, levels: levels, temperatureC: temperature, site: site)
        // Twice: the first run builds the table, the second reads it.
        for _ in 0..<2 {
            let s = model.simulate(levelsCm: levels[...], soilTemperatureC: temperature, site: site, recordDaily: true)
            #expect(s.emission == direct.emission)
            #expect(s.production == direct.production)
            #expect(s.daily == direct.daily)
        }
        #expect(model.plantTables.count == 1)
    }

    @Test func twoParameterSetsKeepTheirOwnTables() throws {
        var other = parameters
        other.biomass.maxBiomassCoefficient *= 1.5
        other.biomass.rootExponent = 0.9
        let a = CH4MOD(parameters: parameters), b = CH4MOD(parameters: other)
        let site = CH4MODSite(grainYieldTPerHa: 3.5, sandFraction: 0.4, amendments: [])
        let levels = TestSeries.levels([(100, 5), (14, -10)])
        let sa = a.simulate(levelsCm: levels[...], soilTemperatureC: { _ in 27 }, site: site)
        let sb = b.simulate(levelsCm: levels[...], soilTemperatureC: { _ in 27 }, site: site)
        #expect(a.plantTables !== b.plantTables)
        #expect(a.plantTables.count == 1 && b.plantTables.count == 1)
        // Each model's table is its own parameters' definition, and the two differ.
        let ta = try #require(a.plantTable(seasonDays: 114, site: site, season: a.seasonConstants(seasonDays: 114, site: site)))
        let tb = try #require(b.plantTable(seasonDays: 114, site: site, season: b.seasonConstants(seasonDays: 114, site: site)))
        expectMatchesDefinition(ta, seasonDays: 114, site: site, parameters)
        expectMatchesDefinition(tb, seasonDays: 114, site: site, other)
        #expect(ta[50].shootBiomass != tb[50].shootBiomass && ta[50].rootBiomass != tb[50].rootBiomass)
        // And each season equals its own model's direct simulation.
        #expect(sa.emission == directSeason(a, levels: levels, temperatureC: { _ in 27 }, site: site).emission)
        #expect(sb.emission == directSeason(b, levels: levels, temperatureC: { _ in 27 }, site: site).emission)
        #expect(sa.emission != sb.emission)
    }

    @Test func aFullStoreComputesDayByDayWithTheSameResult() throws {
        let model = CH4MOD(parameters: parameters)
        let days = 365
        let levels = TestSeries.levels([(351, 5), (14, -10)])
        // Fill the store with seasons of distinct grain yields; it stops at its bound.
        let fit = CH4MODPlantTables.maxStoredDays / days
        for n in 0..<(fit + 3) {
            let site = CH4MODSite(grainYieldTPerHa: 2 + Double(n) / 100, sandFraction: 0.4, amendments: [])
            _ = model.simulate(levelsCm: levels[...], soilTemperatureC: { _ in 27 }, site: site)
        }
        #expect(model.plantTables.count == fit)
        let site = CH4MODSite(grainYieldTPerHa: 7.77, sandFraction: 0.4, amendments: [])
        #expect(model.plantTable(seasonDays: days, site: site, season: model.seasonConstants(seasonDays: days, site: site)) == nil)
        let s = model.simulate(levelsCm: levels[...], soilTemperatureC: { _ in 27 }, site: site)
        #expect(s.emission == directSeason(model, levels: levels, temperatureC: { _ in 27 }, site: site).emission)
    }

    @Test func monthCursorGivesEachDaysCalendarMonth() {
        for calendar in CFCalendar.allCases {
            // 1582-06-01 to 1583-06-01 crosses the standard calendar's reform (1582-10-04 is
            // followed by 1582-10-15); 2023-12-01 to 2025-01-01 a leap year.
            for (from, to) in [(CalendarDate(year: 1582, month: 6, day: 1), CalendarDate(year: 1583, month: 6, day: 1)),
                               (CalendarDate(year: 2023, month: 12, day: 1), CalendarDate(year: 2025, month: 1, day: 1))] {
                let days = Array(calendar.dayNumber(from)..<calendar.dayNumber(to))
                var inOrder = CalendarMonthCursor(calendar: calendar)
                for d in days { #expect(inOrder.month(ofDay: d) == calendar.date(ofDay: d).month, "\(calendar) day \(d)") }
                // Backwards and jumping by 17 days: every order gives the same months.
                var backwards = CalendarMonthCursor(calendar: calendar), jumping = CalendarMonthCursor(calendar: calendar)
                for d in days.reversed() { #expect(backwards.month(ofDay: d) == calendar.date(ofDay: d).month, "\(calendar) day \(d)") }
                for d in stride(from: days.last!, through: days.first!, by: -17) { #expect(jumping.month(ofDay: d) == calendar.date(ofDay: d).month) }
            }
        }
    }
}
