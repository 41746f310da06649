import Foundation
import Testing
@testable import PaddyMethane
@testable import PaddyMethaneIO

/// Weather files (`--weather`): daily air or soil temperature per paddy or region from a CSV or a
/// CF NetCDF, and their place in the precedence paddy series > weather per paddy > weather per
/// region > climatology (`SoilTemperatureDrivers`).
@Suite struct WeatherInputTests {
    /// Writes `text` to a fresh file `name` and returns its path.
    static func file(_ text: String, name: String = "weather.csv") throws -> String {
        let path = try fixtureTemporaryPath(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A 12-day flooded season (5 cm) of two paddies from 2024-07-01, optionally with paddy A's soil
    /// temperature in the file (°C), as netCDF4-python writes a float variable with a fill value.
    static func paddyCDL(soilTemperature: [Double]?) -> String {
        let soil = soilTemperature.map { t in
            ("  float soil_temperature(paddy, time) ;\n    soil_temperature:units = \"degC\" ;\n    soil_temperature:_FillValue = NaNf ;\n",
             "  soil_temperature = " + (t + Array(repeating: 20, count: 12)).map { "\($0)" }.joined(separator: ", ") + " ;\n")
        }
        return """
        netcdf p {
        dimensions:
          paddy = 2 ;
          time = 12 ;
        variables:
          string paddy_id(paddy) ;
            paddy_id:cf_role = "timeseries_id" ;
          string region(paddy) ;
          int64 time(time) ;
            time:units = "days since 2024-07-01 00:00:00" ;
            time:calendar = "proleptic_gregorian" ;
          float water_level(paddy, time) ;
            water_level:units = "cm" ;
          double area(paddy) ;
            area:units = "ha" ;
        \(soil?.0 ?? "")data:
          paddy_id = "A", "B" ;
          region = "Takeo", "Takeo" ;
          time = 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 ;
          water_level = \(Array(repeating: "5", count: 24).joined(separator: ", ")) ;
          area = 2, 1 ;
        \(soil?.1 ?? "")}
        """
    }

    static let soilC: [Double] = [27, 27.5, 28, 28.5, 29, 29.5, 30, 29, 28, 27, 26, 25]

    static func paddies(_ cdl: String) throws -> [Paddy] {
        let reader = try PaddyFileReader(path: try ncgen(cdl), resampler: TestModels.resampler())
        return try reader.read(start: 0, count: 2).compactMap { if case .paddy(let p) = $0 { p } else { nil } }
    }

    static func engine(weather: [String]) throws -> InventoryEngine {
        let model = try TestModels.library.processMethod(climate: "Cambodia", weather: weather).model
        let c = RunConfiguration(parameters: try TestModels.parameters(), detection: try TestModels.detection(),
                                 drainageRule: try TestModels.rule(), gwp: try TestModels.gwp())
        return InventoryEngine(configuration: c, model: model)
    }

    static func window(_ p: Paddy) -> SeasonWindow { SeasonWindow(firstDay: p.water.firstDay, lastDay: p.water.firstDay + 11) }

    /// CH4MOD's seasonal total [kg CH4] of a paddy of `areaHa` at 5 cm with soil temperatures `soilC`:
    /// g CH4 m⁻² × 10 = kg ha⁻¹ (the definition the emission model applies).
    static func ch4mod(soilC: [Double], areaHa: Double) throws -> Double {
        let model = try TestModels.library.processMethod(climate: "Cambodia").model
        let p = model.model.parameters
        let site = CH4MODSite(grainYieldTPerHa: p.defaultGrainYieldTPerHa, sandFraction: p.defaultSandFraction, amendments: [])
        let season = model.model.simulate(levelsCm: ArraySlice(Array(repeating: Float(5), count: soilC.count)), soilTemperatureC: { soilC[$0] }, site: site)
        return season.emission * 10 * areaHa
    }

    // MARK: Precedence

    @Test func aWeatherCSVForThePaddyGivesTheTotalOfThePaddyCarryingTheSeries() throws {
        // The same 12 soil temperatures, once in the paddy's own NetCDF series, once in a weather
        // CSV for paddy A: by definition of the precedence both seasons see the same drivers.
        let own = try Self.paddies(Self.paddyCDL(soilTemperature: Self.soilC))[0]
        let bare = try Self.paddies(Self.paddyCDL(soilTemperature: nil))[0]
        let csv = "date,paddy_id,soil_temperature_c\n" + Self.soilC.enumerated().map { "2024-07-\(String(format: "%02d", $0.offset + 1)),A,\($0.element)" }.joined(separator: "\n")
        let fromSeries = try Self.engine(weather: []).result(own, Self.window(own), previousSeason: nil)
        let fromWeather = try Self.engine(weather: [try Self.file(csv, name: "w.csv")]).result(bare, Self.window(bare), previousSeason: nil)
        #expect(fromSeries.temperatureSource == "input soil_temperature")
        #expect(fromWeather.temperatureSource == "weather w.csv paddy A soil_temperature")
        let expected = try Self.ch4mod(soilC: Self.soilC, areaHa: 2)
        #expect(TestModels.close(fromSeries.ch4Kg, expected, rel: 1e-12))
        #expect(TestModels.close(fromWeather.ch4Kg, expected, rel: 1e-12))
    }

    @Test func thePaddySeriesComesBeforeThePaddysWeatherWhichComesBeforeItsRegions() throws {
        // Weather: region Takeo air 30 °C every day; paddy A soil 18 °C every day.
        var rows = ["date,region,air_temperature_c"]
        var paddyRows = ["date,paddy_id,soil_temperature_c"]
        for d in 1...12 {
            rows.append("2024-07-\(String(format: "%02d", d)),Takeo,30")
            paddyRows.append("2024-07-\(String(format: "%02d", d)),A,18")
        }
        let engine = try Self.engine(weather: [try Self.file(rows.joined(separator: "\n"), name: "region.csv"),
                                               try Self.file(paddyRows.joined(separator: "\n"), name: "paddy.csv")])
        let bare = try Self.paddies(Self.paddyCDL(soilTemperature: nil))
        let a = try engine.result(bare[0], Self.window(bare[0]), previousSeason: nil)
        let b = try engine.result(bare[1], Self.window(bare[1]), previousSeason: nil)
        #expect(a.temperatureSource == "weather region.csv+paddy.csv paddy A soil_temperature")
        #expect(b.temperatureSource == "weather region.csv+paddy.csv region Takeo air_temperature")
        #expect(TestModels.close(a.ch4Kg, try Self.ch4mod(soilC: Array(repeating: 18, count: 12), areaHa: 2), rel: 1e-12))
        // Air 30 °C → soil by the parameter file's linear relation: intercept + slope × 30.
        let t = try TestModels.library.ch4mod().parameters.temperature
        let soil30 = t.soilFromAirInterceptC + t.soilFromAirSlope * 30
        #expect(TestModels.close(b.ch4Kg, try Self.ch4mod(soilC: Array(repeating: soil30, count: 12), areaHa: 1), rel: 1e-12))
        // The paddy's own series beats both.
        let own = try Self.paddies(Self.paddyCDL(soilTemperature: Self.soilC))[0]
        let o = try engine.result(own, Self.window(own), previousSeason: nil)
        #expect(o.temperatureSource == "input soil_temperature")
        #expect(TestModels.close(o.ch4Kg, try Self.ch4mod(soilC: Self.soilC, areaHa: 2), rel: 1e-12))
    }

    @Test func aDayMissingInTheWeatherFileTakesTheClimatologyAndSaysSo() throws {
        // Paddy A's weather has 2024-07-05 empty and 2024-07-12 absent: those two days take the
        // Cambodia climatology's July air temperature (→ soil by the linear relation).
        var rows = ["date,paddy_id,soil_temperature_c"]
        for (i, c) in Self.soilC.enumerated() where i != 11 { rows.append("2024-07-\(String(format: "%02d", i + 1)),A,\(i == 4 ? "" : "\(c)")") }
        let engine = try Self.engine(weather: [try Self.file(rows.joined(separator: "\n"), name: "gaps.csv")])
        let bare = try Self.paddies(Self.paddyCDL(soilTemperature: nil))[0]
        let r = try engine.result(bare, Self.window(bare), previousSeason: nil)
        #expect(r.temperatureSource == "weather gaps.csv paddy A soil_temperature 10 d, climatology Cambodia 2 d")
        let lib = TestModels.library
        let july = try #require(try lib.ch4mod().file.climatology("Cambodia")).monthlyAirC[6]
        let t = try lib.ch4mod().parameters.temperature
        var expected = Self.soilC
        expected[4] = t.soilFromAirInterceptC + t.soilFromAirSlope * july
        expected[11] = expected[4]
        #expect(TestModels.close(r.ch4Kg, try Self.ch4mod(soilC: expected, areaHa: 2), rel: 1e-12))
    }

    @Test func weatherKeysThatMatchNoPaddyAreNamedInANote() throws {
        let csv = "date,region,air_temperature_c\n2024-07-01,Takeo,28\n2024-07-01,Kampot,28\n2024-07-01,Kep,27\n"
        let model = try TestModels.library.processMethod(climate: "Cambodia", weather: [try Self.file(csv, name: "r.csv")]).model
        let c = RunConfiguration(parameters: try TestModels.parameters(), detection: try TestModels.detection(),
                                 drainageRule: try TestModels.rule(), gwp: try TestModels.gwp())
        let bare = try Self.paddies(Self.paddyCDL(soilTemperature: nil))[1]
        _ = try InventoryEngine(configuration: c, model: model).result(bare, Self.window(bare), previousSeason: nil)
        // Paddy B is in Takeo: Kampot and Kep match no season.
        let weather = try #require(model.weather)
        #expect(weather.unmatched.regions == ["Kampot", "Kep"] && weather.unmatched.paddies.isEmpty)
        #expect(weather.unmatchedNotes == ["weather r.csv: 2 region(s) match no paddy-season of the run (Kampot, Kep); the temperature_source column shows what each season used"])
    }

    @Test func aRegionsClimatologyReplacesTheRunsForItsPaddies() throws {
        let lib = TestModels.library
        let model = try lib.processMethod(climate: "Cambodia", climateByRegion: ["Takeo": "Vietnam-Mekong-Delta"]).model
        let c = RunConfiguration(parameters: try TestModels.parameters(), detection: try TestModels.detection(),
                                 drainageRule: try TestModels.rule(), gwp: try TestModels.gwp())
        let bare = try Self.paddies(Self.paddyCDL(soilTemperature: nil))[0]
        let r = try InventoryEngine(configuration: c, model: model).result(bare, Self.window(bare), previousSeason: nil)
        #expect(r.temperatureSource == "climatology Vietnam-Mekong-Delta")
        // 1–12 July: the Mekong Delta climatology's July air temperature → soil by the linear relation.
        let july = try #require(try lib.ch4mod().file.climatology("Vietnam-Mekong-Delta")).monthlyAirC[6]
        let t = try lib.ch4mod().parameters.temperature
        let soil = t.soilFromAirInterceptC + t.soilFromAirSlope * july
        #expect(TestModels.close(r.ch4Kg, try Self.ch4mod(soilC: Array(repeating: soil, count: 12), areaHa: 2), rel: 1e-12))
        #expect { try lib.processMethod(climate: nil, climateByRegion: ["Takeo": "Cambodja"]) } throws: { "\($0)".contains("no climatology \"Cambodja\"") && "\($0)".contains("did you mean \"Cambodia\"") }
    }

    /// `climate_by_region` in a scenario file: the baseline's applies to its process-model
    /// scenarios, each region is checked against the input with the file and key, and an IPCC
    /// engine that names one is refused.
    @Test func aScenarioFileGivesClimatologiesByRegion() throws {
        let dir = try makeFixtureDirectory()
        let plan = dir.appendingPathComponent("plan.yaml")
        try """
        baseline: {method: process, climate_by_region: {Takeo: Vietnam-Mekong-Delta}}
        monte_carlo: {draws: 0}
        scenarios:
          - name: awd
            water: {practice: safe_awd}
          - name: ipcc
            method: ipcc
        """.write(to: plan, atomically: true, encoding: .utf8)
        let loaded = try ScenarioPlan.load(plan.path, library: TestModels.library)
        let bare = try Self.paddies(Self.paddyCDL(soilTemperature: nil))[0]
        for engine in [loaded.baseline, loaded.scenarios[0].engine] {
            let r = try engine.result(bare, Self.window(bare), previousSeason: nil)
            #expect(r.temperatureSource == "climatology Vietnam-Mekong-Delta")
        }
        #expect(loaded.namedRegions.contains(RegionReference(file: plan.path, keyPath: "baseline.climate_by_region.Takeo", region: "Takeo")))
        #expect(throws: YAMLFileError.self) { try RegionReference.check(loaded.namedRegions, present: ["Takeoo"]) }

        try """
        baseline: {method: ipcc}
        scenarios:
          - name: process
            method: ipcc
            climate_by_region: {Takeo: Vietnam-Mekong-Delta}
        """.write(to: plan, atomically: true, encoding: .utf8)
        #expect { try ScenarioPlan.load(plan.path, library: TestModels.library) } throws: {
            "\($0)".contains("plan.yaml: scenarios[0].climate_by_region is read by the process model only")
        }
    }

    // MARK: NetCDF

    /// A weather file as xarray writes `Dataset({"air_temperature": (("time", "region"), t)})` with a
    /// string coordinate `region`, int64 times and NaN fill; kelvin.
    static let xarrayKelvin = """
    netcdf w {
    dimensions:
      time = 3 ;
      region = 2 ;
    variables:
      int64 time(time) ;
        time:units = "days since 2024-07-01 00:00:00" ;
        time:calendar = "proleptic_gregorian" ;
      string region(region) ;
      float air_temperature(time, region) ;
        air_temperature:_FillValue = NaNf ;
        air_temperature:standard_name = "air_temperature" ;
        air_temperature:units = "K" ;
    data:
      time = 0, 1, 2 ;
      region = "Takeo", "Pursat" ;
      air_temperature = 303.15, 300.15, NaN, 301.15, 302.65, 299.65 ;
    }
    """

    @Test func aNetCDFInKelvinIsReadInDegreesCelsiusByRegion() throws {
        let w = try WeatherFile.load([try ncgen(Self.xarrayKelvin)], limits: try TestModels.detection())
        let takeo = try #require(w.byRegion["Takeo"]), pursat = try #require(w.byRegion["Pursat"])
        #expect(takeo.temperature.kind == .air && w.byPaddy.isEmpty)
        let day0 = CFCalendar.standard.dayNumber(CalendarDate(year: 2024, month: 7, day: 1))
        // 303.15 K − 273.15 = 30 °C; 2 July is NaN (missing); 302.65 K = 29.5 °C.
        #expect(abs(try #require(takeo.valueC(onDay: day0, paddyCalendar: .standard)) - 30) < 1e-4)
        #expect(takeo.valueC(onDay: day0 + 1, paddyCalendar: .standard) == nil)
        #expect(abs(try #require(takeo.valueC(onDay: day0 + 2, paddyCalendar: .standard)) - 29.5) < 1e-4)
        // Pursat (second column): 300.15 → 27, 301.15 → 28, 299.65 → 26.5 °C.
        for (i, c) in [27.0, 28, 26.5].enumerated() {
            #expect(abs(try #require(pursat.valueC(onDay: day0 + i, paddyCalendar: .standard)) - c) < 1e-4)
        }
    }

    @Test func aPackedNetCDFInDegreesCelsiusByPaddyOnStationTime() throws {
        // netCDF4-python with packing: short, scale_factor 0.01, add_offset 25 → 300 = 28.00 °C;
        // (paddy, time) order, char ids, a 360_day calendar.
        let cdl = """
        netcdf w {
        dimensions:
          paddy_id = 2 ;
          time = 2 ;
          strlen = 2 ;
        variables:
          char paddy_id(paddy_id, strlen) ;
          double time(time) ;
            time:units = "hours since 2024-02-29 12:00" ;
            time:calendar = "360_day" ;
          short soil_temperature(paddy_id, time) ;
            soil_temperature:scale_factor = 0.01 ;
            soil_temperature:add_offset = 25. ;
            soil_temperature:_FillValue = -32767s ;
            soil_temperature:units = "degC" ;
        data:
          paddy_id = "A", "B" ;
          time = 0, 24 ;
          soil_temperature = 300, -32767, 100, 150 ;
        }
        """
        let w = try WeatherFile.load([try ncgen(cdl)], limits: try TestModels.detection())
        let a = try #require(w.byPaddy["A"]), b = try #require(w.byPaddy["B"])
        #expect(a.calendar == .day360 && a.temperature.kind == .soil)
        let d = CFCalendar.day360.dayNumber(CalendarDate(year: 2024, month: 2, day: 29))
        #expect(abs(try #require(a.valueC(onDay: d, paddyCalendar: .day360)) - 28) < 1e-4)
        #expect(a.valueC(onDay: d + 1, paddyCalendar: .day360) == nil)
        // 100 × 0.01 + 25 = 26 °C on 29 February, 150 → 26.5 on 30 February.
        #expect(abs(try #require(b.valueC(onDay: d + 1, paddyCalendar: .day360)) - 26.5) < 1e-4)
        // A standard-calendar paddy's 29 February 2024 is the same date; its 1 March is day 2024-03-01
        // of the 360_day series, which has no value.
        let s = CFCalendar.standard.dayNumber(CalendarDate(year: 2024, month: 2, day: 29))
        #expect(abs(try #require(b.valueC(onDay: s, paddyCalendar: .standard)) - 26) < 1e-4)
        #expect(b.valueC(onDay: s + 1, paddyCalendar: .standard) == nil)
    }

    // MARK: Calendars

    @Test func datesMatchThePaddySeriesCalendarByCalendarDate() throws {
        let w = try WeatherFile.load([try Self.file("date,region,air_temperature_c\n2024-02-28,X,25\n2024-02-29,X,26\n2024-03-01,X,27\n")], limits: try TestModels.detection())
        let x = try #require(w.byRegion["X"])
        // noleap: 2024-03-01 directly follows 2024-02-28; the CSV's 29 February is never used.
        let n = CFCalendar.noleap.dayNumber(CalendarDate(year: 2024, month: 2, day: 28))
        #expect(x.valueC(onDay: n, paddyCalendar: .noleap) == 25)
        #expect(x.valueC(onDay: n + 1, paddyCalendar: .noleap) == 27)
        // 360_day: 2024-02-30 does not exist in a CSV (Gregorian dates): missing.
        let d = CFCalendar.day360.dayNumber(CalendarDate(year: 2024, month: 2, day: 30))
        #expect(x.valueC(onDay: d, paddyCalendar: .day360) == nil)
        // proleptic_gregorian (the constructed test series): day numbers differ from standard's by
        // 2 in 2024, dates are the same.
        let p = CFCalendar.proleptic_gregorian.dayNumber(CalendarDate(year: 2024, month: 2, day: 29))
        #expect(p != CFCalendar.standard.dayNumber(CalendarDate(year: 2024, month: 2, day: 29)))
        #expect(x.valueC(onDay: p, paddyCalendar: .proleptic_gregorian) == 26)
    }

    // MARK: Strict input

    @Test(arguments: [
        ("date,region,air_temprature_c\n2024-07-01,Takeo,28\n", "line 1, column 3: unknown column \"air_temprature_c\"; did you mean \"air_temperature_c\"?"),
        ("date,region,air_temperature_c\n2024-07-01,Takeo,28\n2024-07-02,Takeo,28,5\n", "line 3: 4 fields"),
        ("date,region,air_temperature_c\n2024-07-01,Takeo,28\n2024-07-02,Takeo,warm\n", "line 3, column 3 (air_temperature_c): \"warm\" is not a number"),
        ("date,region,air_temperature_c\n2024-07-01,Takeo,28\n2024-07-01,Takeo,29\n", "line 3, column 1 (date): region \"Takeo\" has 2024-07-01 twice"),
        ("date,region,air_temperature_c\n2024-02-30,Takeo,28\n", "line 2, column 1 (date): \"2024-02-30\" is not a date"),
        ("date,region,air_temperature_c\n01/07/2024,Takeo,28\n", "line 2, column 1 (date): \"01/07/2024\" is not a date"),
        ("date,region,paddy_id,air_temperature_c\n2024-07-01,Takeo,A,28\n", "exactly one of the columns region, paddy_id (both given)"),
        ("date,region,air_temperature_c,soil_temperature_c\n2024-07-01,Takeo,28,27\n", "exactly one of the columns air_temperature_c, soil_temperature_c (both given)"),
        ("region,air_temperature_c\nTakeo,28\n", "missing column date"),
        ("date,region,air_temperature_c\n2024-07-01,,28\n", "line 2, column 2 (region): empty"),
        ("date,region,air_temperature_c\n2024-07-01,Takeo,301.2\n", "line 2, column 3 (air_temperature_c): 301.2 °C is outside the -20.0–50.0 °C plausible for paddy air or soil (min_temperature_c, max_temperature_c of models/water-detection.yaml): kelvin in a °C column?"),
        ("date,region,soil_temperature_c\n2024-07-01,Takeo,-21\n", "line 2, column 3 (soil_temperature_c): -21.0 °C is outside the -20.0–50.0 °C plausible"),
    ])
    func aBadCSVNamesFileLineColumnAndFix(csv: String, message: String) throws {
        let path = try Self.file(csv)
        #expect { try WeatherFile.load([path], limits: try TestModels.detection()) } throws: { e in
            let text = "\(e)"
            return text.hasPrefix(path) && text.contains(message)
        }
    }

    @Test func aRegionInTwoWeatherFilesIsRefused() throws {
        let a = try Self.file("date,region,air_temperature_c\n2024-07-01,Takeo,28\n", name: "a.csv")
        let b = try Self.file("date,region,air_temperature_c\n2024-07-02,Takeo,28\n", name: "b.csv")
        #expect { try WeatherFile.load([a, b], limits: try TestModels.detection()) } throws: { "\($0)".contains("region \"Takeo\" is also given by \(a)") }
    }

    @Test func aNetCDFWithoutATemperatureUnitIsRefused() throws {
        let cdl = Self.xarrayKelvin.replacingOccurrences(of: "air_temperature:units = \"K\" ;", with: "air_temperature:units = \"W m-2\" ;")
        #expect { try WeatherFile.load([try ncgen(cdl)], limits: try TestModels.detection()) } throws: { "\($0)".contains("variable 'air_temperature': units \"W m-2\" are not a temperature") }
    }

    @Test("A NetCDF that says degC but holds kelvin is refused, naming the station and the date")
    func aNetCDFWithKelvinLabelledCelsiusIsRefused() throws {
        let cdl = Self.xarrayKelvin.replacingOccurrences(of: "air_temperature:units = \"K\" ;", with: "air_temperature:units = \"degC\" ;")
        #expect { try WeatherFile.load([try ncgen(cdl)], limits: try TestModels.detection()) } throws: {
            "\($0)".contains("variable 'air_temperature': region \"Takeo\" on 2024-07-01: 303.1499938964844 °C is outside the -20.0–50.0 °C plausible")
        }
    }

    @Test func aNetCDFWithoutStationIdentifiersNamesTheVariableToAdd() throws {
        let cdl = Self.xarrayKelvin.replacingOccurrences(of: "string region(region) ;", with: "string station(region) ;")
            .replacingOccurrences(of: "region = \"Takeo\"", with: "station = \"Takeo\"")
        #expect { try WeatherFile.load([try ncgen(cdl)], limits: try TestModels.detection()) } throws: { "\($0)".contains("name the variable on the station dimension paddy_id or region") }
    }

    @Test func theIPCCMethodRefusesAWeatherFile() throws {
        var request = RunRequest()
        request.weather = [try Self.file("date,region,air_temperature_c\n2024-07-01,Takeo,28\n")]
        #expect { try TestModels.library.runSetup(request) } throws: { e in
            (e as? RunRequestError)?.key == .weather && "\(e)".contains("--method process")
        }
        request.method = .process
        let setup = try TestModels.library.runSetup(request)
        #expect(setup.provenance.file("weather")?.path == request.weather[0])
    }

    @Test func theTemplateReads() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("data/weather-template.csv")
        let w = try WeatherFile.load([url.path], limits: try TestModels.detection())
        #expect(w.byRegion.keys.sorted() == ["Battambang", "Takeo"])
        // Takeo: 2024-06-03 is empty (a missing day) in the template.
        let d = CFCalendar.standard.dayNumber(CalendarDate(year: 2024, month: 6, day: 3))
        #expect(w.byRegion["Takeo"]!.valueC(onDay: d, paddyCalendar: .standard) == nil)
        #expect(w.byRegion["Battambang"]!.valueC(onDay: d, paddyCalendar: .standard) == Double(Float(29.1)))
    }
}

/// `--weather` through `run` and `scenarios` on the example paddies.
@Suite("--weather through the command line", .serialized, .enabled(if: cliToolsBuilt, "scenario-runner is not built next to the test bundle"))
struct WeatherCLITests {
    static let example = DocumentTests.example

    /// Takeo at 30 °C on every day of the example (880 days from 2024-01-01), and a misspelt region.
    static func takeoCSV() throws -> String {
        var rows = ["date,region,air_temperature_c"]
        let c = CFCalendar.standard, first = c.dayNumber(CalendarDate(year: 2024, month: 1, day: 1))
        for d in first..<(first + 880) { rows.append("\(c.date(ofDay: d)),Takeo,30") }
        rows.append("2024-07-01,Takeoo,30")
        return try WeatherInputTests.file(rows.joined(separator: "\n") + "\n", name: "provinces.csv")
    }

    @Test func runUsesTheRegionsSeriesNamesTheUnmatchedRegionAndRecordsTheFile() throws {
        let weather = try Self.takeoCSV()
        let out = try makeFixtureDirectory().appendingPathComponent("run")
        let r = try scenarioRunner("run", ["--input", Self.example, "--out", out.path, "--method", "process", "--weather", weather, "--draws", "0"], timeout: 300)
        // The example has rejected seasons: exit 2.
        #expect(r.status == 2, "\(r.summary)")
        #expect(r.stderr.contains("note: weather provinces.csv: 1 region(s) match no paddy-season of the run (Takeoo)"), "\(r.stderr)")
        let rows = try String(contentsOf: out.appendingPathComponent("paddy_seasons.csv"), encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = rows[0], region = try #require(header.firstIndex(of: "region")), source = try #require(header.firstIndex(of: "temperature_source"))
        let takeo = rows.dropFirst().filter { $0[region] == "Takeo" }, others = rows.dropFirst().filter { $0[region] != "Takeo" }
        #expect(!takeo.isEmpty && takeo.allSatisfy { $0[source] == "weather provinces.csv region Takeo air_temperature" })
        #expect(!others.isEmpty && others.allSatisfy { $0[source] == "climatology Cambodia" })
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        let sha = try ChecksumFile.sha256(weather)
        #expect(manifest.contains("\"weather\"") && manifest.contains(sha))
    }

    @Test func theIPCCMethodRefusesWeatherAsAUsageError() throws {
        let out = try makeFixtureDirectory().appendingPathComponent("run")
        let r = try scenarioRunner("run", ["--input", Self.example, "--out", out.path, "--weather", try Self.takeoCSV()])
        #expect(r.status == 64 && r.stderr.contains("--weather is read by the process model only"), "\(r.summary)")
        // A scenario file without a process engine: the weather would go unused.
        let plan = try WeatherInputTests.file("title: t\nbaseline: {method: ipcc}\nscenarios: []\n", name: "plan.yaml")
        let s = try scenarioRunner("scenarios", ["--input", Self.example, "--scenarios", plan, "--out", out.path, "--weather", try Self.takeoCSV()])
        #expect(s.status != 0 && s.stderr.contains("no engine of this file has method: process"), "\(s.summary)")
    }

    @Test func climateByRegionIsCheckedOnTheCommandLine() throws {
        let out = try makeFixtureDirectory().appendingPathComponent("run")
        let noName = try scenarioRunner("run", ["--input", Self.example, "--out", out.path, "--method", "process", "--climate-by-region", "Takeo"])
        #expect(noName.status == 64 && noName.stderr.contains("expected REGION=NAME"), "\(noName.summary)")
        let ipcc = try scenarioRunner("run", ["--input", Self.example, "--out", out.path, "--climate-by-region", "Takeo=Cambodia"])
        #expect(ipcc.status == 64 && ipcc.stderr.contains("--climate-by-region is read by the process model only"), "\(ipcc.summary)")
        let misspelt = try scenarioRunner("run", ["--input", Self.example, "--out", out.path, "--method", "process", "--draws", "0",
                                                  "--climate-by-region", "Takeoo=Vietnam-Mekong-Delta"], timeout: 300)
        #expect(misspelt.status != 0 && misspelt.stderr.contains("Takeoo"), "\(misspelt.summary)")
    }

    @Test func scenariosPassTheWeatherToTheProcessModel() throws {
        let dir = try makeFixtureDirectory()
        let plan = dir.appendingPathComponent("plan.yaml")
        try """
        title: process model with weather
        baseline: {method: process}
        scenarios:
          - name: mid-season-drainage
            water: {practice: mid_season_drainage, start_fraction: 0.4, length_days: 7}
            adoption: {water_supply: [irrigated]}
        """.write(to: plan, atomically: true, encoding: .utf8)
        let weather = try Self.takeoCSV()
        let out = dir.appendingPathComponent("out")
        let r = try scenarioRunner("scenarios", ["--input", Self.example, "--scenarios", plan.path, "--out", out.path, "--weather", weather, "--quiet"], timeout: 300)
        #expect(r.status == 0 || r.status == 2, "\(r.summary)")
        let manifest = try String(contentsOf: out.appendingPathComponent("manifest.json"), encoding: .utf8)
        let sha = try ChecksumFile.sha256(weather)
        #expect(manifest.contains("\"weather\"") && manifest.contains(sha), "\(manifest.prefix(2000))")
    }
}
