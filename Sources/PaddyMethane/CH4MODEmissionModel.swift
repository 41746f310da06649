/// The CH4MOD daily process model as an emission model (Huang et al. 1998, 2004): soil
/// temperature from the paddy's own series, else the weather files' series for the paddy, else for
/// its region, else the monthly air temperature climatology (`SoilTemperatureDrivers`); grain yield and sand fraction from the paddy, else the parameter file's defaults.
/// Every season's mass balances are checked (`CH4MODSeason.check`).
public struct CH4MODEmissionModel: EmissionModel {
    public var model: CH4MOD
    public let climate: CH4MODClimatology
    public let climateName: String
    /// Daily temperatures of weather files (`--weather`), by paddy and by region.
    public var weather: DailyWeather?
    /// Climatologies by region (`--climate-by-region`), for paddies of those regions instead of `climate`.
    public var climateByRegion: [String: NamedClimatology] = [:]
    /// Keep the daily emission of each season (for daily output).
    public var recordDaily: Bool

    public init(model: CH4MOD, climate: CH4MODClimatology, climateName: String, weather: DailyWeather? = nil, recordDaily: Bool = false) {
        self.model = model
        self.climate = climate
        self.climateName = climateName
        self.weather = weather
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
        let levels = series.levelCm[series.indices(of: window.range)]
        let temperatures = SoilTemperatureDrivers(model: model, weather: weather, climate: climate, climateName: climateName, climateByRegion: climateByRegion)
            .season(paddy, firstDay: window.firstDay, days: levels.count)
        let season = model.simulate(levelsCm: levels, soilTemperatureC: { temperatures.soilC[$0] }, site: site, recordDaily: recordDaily)
        try season.check()
        // g CH4 m⁻² × 10 = kg CH4 ha⁻¹.
        return SeasonEmission(ch4Kg: season.emission * 10 * paddy.areaHa, efKgPerHaPerDay: season.emission * 10 / Double(window.days),
                              method: "process-ch4mod",
                              temperatureSource: temperatures.source,
                              dailyFluxGPerM2: season.daily)
    }
}
