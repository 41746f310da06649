/// The CH4MOD daily process model as an emission model (Huang et al. 1998, 2004): soil
/// temperature from the paddy's own series where given, else from the monthly air temperature
/// climatology; grain yield and sand fraction from the paddy, else the parameter file's defaults.
/// Every season's mass balances are checked (`CH4MODSeason.check`).
public struct CH4MODEmissionModel: EmissionModel {
    public let model: CH4MOD
    public let climate: CH4MODClimatology
    public let climateName: String
    /// Keep the daily emission of each season (for daily output).
    public var recordDaily: Bool

    public init(model: CH4MOD, climate: CH4MODClimatology, climateName: String, recordDaily: Bool = false) {
        self.model = model
        self.climate = climate
        self.climateName = climateName
        self.recordDaily = recordDaily
    }

    public var reportColumns: ReportColumns { .temperatureSource }
    public var factorParameters: ParameterSet? { nil }

    public func emission(_ s: SeasonInput) throws(ModelCheckFailure) -> SeasonEmission {
        let paddy = s.paddy, window = s.window, series = paddy.water
        let p = model.parameters
        let site = CH4MODSite(grainYieldTPerHa: paddy.grainYieldTPerHa ?? p.defaultGrainYieldTPerHa,
                              sandFraction: paddy.sandFraction ?? p.defaultSandFraction,
                              amendments: s.amendments)
        var months = CalendarMonthCursor(calendar: series.calendar)
        let input = paddy.temperature
        let season = model.simulate(levelsCm: series.levelCm[series.indices(of: window.range)], soilTemperatureC: { i in
            let day = window.firstDay + i
            switch input.flatMap({ t in t.value(onDay: day).map { (t.kind, $0) } }) {
            case (.soil, let c)?: return c
            case (.air, let c)?: return model.soilTemperature(airC: c)
            case nil: return model.soilTemperature(airC: climate.monthlyAirC[months.month(ofDay: day) - 1])
            }
        }, site: site, recordDaily: recordDaily)
        try season.check()
        // g CH4 m⁻² × 10 = kg CH4 ha⁻¹.
        return SeasonEmission(ch4Kg: season.emission * 10 * paddy.areaHa, efKgPerHaPerDay: season.emission * 10 / Double(window.days),
                              method: "process-ch4mod",
                              temperatureSource: input.map { "input \($0.kind.rawValue), else climatology \(climateName)" } ?? "climatology \(climateName)",
                              dailyFluxGPerM2: season.daily)
    }
}
