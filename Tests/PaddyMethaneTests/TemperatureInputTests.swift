import Foundation
import Testing
@testable import PaddyMethane
import PaddyMethaneIO

/// Temperature series from the input drive the process model; without them, the climatology.
@Suite struct TemperatureInputTests {
    /// The process model on the Cambodia climatology, with the project's IPCC configuration.
    static func processEngine() throws -> InventoryEngine {
        let c = RunConfiguration(parameters: try TestModels.parameters(), detection: try TestModels.detection(),
                                 drainageRule: try TestModels.rule(), gwp: try TestModels.gwp())
        return InventoryEngine(configuration: c, model: try TestModels.library.processMethod(climate: "Cambodia").model)
    }

    static let cdl = """
    netcdf t {
    dimensions:
      paddy = 2 ;
      time = 4 ;
      strlen = 4 ;
    variables:
      char paddy_id(paddy, strlen) ;
        paddy_id:cf_role = "timeseries_id" ;
      double time(time) ;
        time:units = "days since 2024-07-01" ;
      float water_level(paddy, time) ;
        water_level:units = "cm" ;
      float area(paddy) ;
        area:units = "ha" ;
      float soil_temperature(paddy, time) ;
        soil_temperature:units = "K" ;
        soil_temperature:_FillValue = -1.f ;
    data:
      paddy_id = "A", "B" ;
      time = 0, 1, 2, 3 ;
      water_level = 5, 5, 5, 5, 5, 5, 5, 5 ;
      area = 1, 1 ;
      soil_temperature = 300.15, 301.15, _, 303.15, 290.15, 290.15, 290.15, 290.15 ;
    }
    """

    @Test func kelvinIsConvertedAndGapsAreFilled() throws {
        let reader = try PaddyFileReader(path: try ncgen(Self.cdl), resampler: TestModels.resampler())
        let paddies = try reader.read(start: 0, count: 2).compactMap { if case .paddy(let p) = $0 { p } else { nil } }
        let a = try #require(paddies.first?.temperature)
        #expect(a.kind == .soil)
        // 300.15 K = 27 °C, 301.15 = 28, (gap filled) 29, 303.15 = 30.
        let expected: [Double] = [27, 28, 29, 30]
        for (v, e) in zip(a.valuesC, expected) { #expect(abs(Double(v) - e) < 1e-4) }
        #expect(reader.found.contains { $0.variable == "soil_temperature" })
    }

    @Test func theProcessModelUsesTheInputTemperatureAndSaysSo() throws {
        let engine = try TemperatureInputTests.processEngine()
        let water = TestSeries.observed(runs: [(96, 5), (14, -10)])
        let window = TestSeries.window(0, 109)
        let cool = DailyTemperature(kind: .soil, firstDay: water.firstDay, valuesC: Array(repeating: 18, count: 110))
        let withInput = try engine.result(TestPaddy.make("A", seasons: [window], water: water).with(temperature: cool), window, previousSeason: nil)
        let climatology = try engine.result(TestPaddy.make("B", seasons: [window], water: water), window, previousSeason: nil)
        #expect(withInput.temperatureSource == "input soil_temperature")
        #expect(climatology.temperatureSource == "climatology Cambodia")
        // January–April 2020 in Phnom Penh: soil about 4.4 + 0.76 × 28 ≈ 26 °C, well above 18 °C.
        #expect(withInput.ch4Kg < climatology.ch4Kg)
    }
}

@Suite struct TemperaturePlausibilityTests {
    @Test("A paddy whose own temperature series holds kelvin as °C is rejected, naming the day and the limit")
    func kelvinAsCelsiusRejectsThePaddy() throws {
        let engine = try TemperatureInputTests.processEngine()
        let water = TestSeries.observed(runs: [(96, 5), (14, -10)])
        let window = TestSeries.window(0, 109)
        // Day 3 is 300.15: a kelvin value in a °C series (the limit of models/water-detection.yaml is 50 °C).
        var values = [Float](repeating: 27, count: 110)
        values[3] = 300.15
        let outcome = engine.evaluate(TestPaddy.make("K", seasons: [window], water: water)
            .with(temperature: DailyTemperature(kind: .soil, firstDay: water.firstDay, valuesC: values)))
        #expect(outcome.results.isEmpty)
        let reason = try #require(outcome.rejections.first?.reason)
        #expect(reason.contains("soil_temperature on \(water.calendar.date(ofDay: water.firstDay + 3)): 300.149") && reason.contains("kelvin in a °C column?"), "\(reason)")
        // The IPCC method reads no temperature: the same paddy is computed.
        let c = engine.configuration
        let ipcc = InventoryEngine(configuration: c, model: IPCCEmissionModel(configuration: c))
        let paddy = TestPaddy.make("K", seasons: [window], water: water).with(temperature: DailyTemperature(kind: .soil, firstDay: water.firstDay, valuesC: values))
        #expect(ipcc.evaluate(paddy).results.count == 1)
    }
}

extension Paddy {
    func with(temperature t: DailyTemperature) -> Paddy {
        var p = self
        p.temperature = t
        return p
    }
}
