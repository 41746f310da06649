import Foundation

// CH4MOD: Huang, Sass & Fisher (1998) Global Change Biology 4:247-268 (the model: substrates,
// production, emission); Huang et al. (2004) J. Geophys. Res. 109, D08113 (redox and ebullition
// for various practices). One function per equation; parameter values and their sources are in
// models/ch4mod.yaml. The papers could not be consulted: each function names the paper its form
// is cited from and says that its equation number is not verified; "project choice" marks what
// the papers do not contain. Units: biomass and substrates [g dry matter m⁻²], fluxes
// [g CH4 m⁻² d⁻¹], Eh [mV], temperature [°C].

// MARK: Equations

/// Maximum above-ground biomass Wmax = a × GY^b [g m⁻²] from grain yield GY [g m⁻²].
/// Huang, Sass & Fisher (1998), equation number not verified against the paper (form and values as cited in models/ch4mod.yaml).
public func maxShootBiomass(grainYieldGPerM2 gy: Double, coefficient a: Double, exponent b: Double) -> Double {
    a * pow(gy, b)
}

/// Above-ground biomass on day t of the season, a logistic curve:
/// W(t) = Wmax / (1 + B0 e^(−r t)), B0 = Wmax / W0 − 1 [g m⁻²].
/// Huang, Sass & Fisher (1998), equation number not verified against the paper (form and values as cited in models/ch4mod.yaml).
public func shootBiomass(day t: Double, maxBiomass wmax: Double, initialBiomass w0: Double, rate r: Double) -> Double {
    wmax / (1 + (wmax / w0 - 1) * exp(-r * t))
}

/// Root biomass [g m⁻²]: the root part of total biomass Wtot = W + c × Wtot^e, with masses in
/// mg m⁻², solved by Newton's method from Wtot = W + c W^e. Huang, Sass & Fisher (1998), equation number not verified against the paper (form and values as cited in models/ch4mod.yaml); the Newton solution
/// is a project choice.
public func rootBiomass(shootBiomass w: Double, coefficient c: Double, exponent e: Double) -> Double {
    let shootMg = w * 1000
    guard shootMg > 0 else { return 0 }
    var total = shootMg + c * pow(shootMg, e)
    for _ in 0..<20 {
        let p = pow(total, e)
        let step = (total - shootMg - c * p) / (1 - c * e * p / total)
        total -= step
        if abs(step) <= 1e-12 * total { break }
    }
    return (total - shootMg) / 1000
}

/// Soil texture index SI = i + s × sand fraction [dimensionless]. Huang, Sass & Fisher (1998), equation number not verified against the paper (form and values as cited in models/ch4mod.yaml).
public func soilTextureIndex(sandFraction: Double, intercept i: Double, slope s: Double) -> Double {
    i + s * sandFraction
}

/// Temperature index TI = Q10^((min(T, Tref) − Tref)/10) [dimensionless]. Huang, Sass & Fisher (1998), equation number not verified against the paper (form and values as cited in models/ch4mod.yaml).
public func temperatureIndex(soilTemperatureC t: Double, q10: Double, referenceC: Double) -> Double {
    pow(q10, (min(t, referenceC) - referenceC) / 10)
}

/// Soil moisture index WI = a × exp(b θ − c θ²) [dimensionless], θ volumetric water content.
/// Huang, Sass & Fisher (1998), equation number not verified against the paper (form and values as cited in models/ch4mod.yaml).
public func moistureIndex(theta: Double, a: Double, b: Double, c: Double) -> Double {
    a * exp(b * theta - c * theta * theta)
}

/// Root exudates C_R = k × VI × SI × W^e [g m⁻² d⁻¹]. Huang, Sass & Fisher (1998), equation number not verified against the paper (form and values as cited in models/ch4mod.yaml).
public func rootExudates(shootBiomass w: Double, varietyIndex vi: Double, textureIndex si: Double, coefficient k: Double, exponent e: Double) -> Double {
    k * vi * si * pow(w, e)
}

/// Redox factor F_Eh = exp(−s (150 + Eh)/150), 1 below −150 mV [dimensionless].
/// Huang, Sass & Fisher (1998), equation number not verified against the paper (form and values as cited in models/ch4mod.yaml).
public func redoxFactor(ehMV eh: Double, scale s: Double) -> Double {
    eh < -150 ? 1 : exp(-s * (150 + eh) / 150)
}

/// Soil Eh change over one day [mV d⁻¹]: while flooded, Eh falls toward the floor at rate
/// DEh (AEh + min(1, C_OM)); while drained it rises toward the ceiling at rate DEh (AEh + 0.7).
/// Huang et al. (2004), equation number not verified against the paper (form and values as cited in models/ch4mod.yaml).
public func redoxChange(ehMV eh: Double, flooded: Bool, organicSubstrate com: Double, p: CH4MODParameters.Redox) -> Double {
    flooded
        ? -p.ehRatePerDay * (p.ehRateOffset + min(1, com)) * (eh - p.ehFloodedFloorMV)
        : -p.ehRatePerDay * (p.ehRateOffset + p.ehDrainedFactor) * (eh - p.ehDrainedCeilingMV)
}

/// CH4 production P = k × F_Eh × (TI × C_R + C_OM) [g CH4 m⁻² d⁻¹]. Huang, Sass & Fisher (1998), equation number not verified against the paper (form and values as cited in models/ch4mod.yaml).
public func methaneProduction(redoxFactor fEh: Double, temperatureIndex ti: Double, exudates cr: Double, organicSubstrate com: Double, conversion k: Double) -> Double {
    k * fEh * (ti * cr + com)
}

/// Share of production emitted through the rice plants, Fp = f × (1 − W/Wmax)^e [dimensionless].
/// Huang, Sass & Fisher (1998), equation number not verified against the paper (form and values as cited in models/ch4mod.yaml).
public func plantTransportFraction(shootBiomass w: Double, maxBiomass wmax: Double, maxFraction f: Double, exponent e: Double) -> Double {
    f * pow(max(0, 1 - w / wmax), e)
}

/// Ebullition E_bl = c × (P − E_p − P0) × ln(T) / W_root [g CH4 m⁻² d⁻¹], at most P − E_p − P0,
/// zero at or below 1 °C; with under 1 g m⁻² of roots the root term is 1 (project choice).
/// Huang et al. (2004), equation number not verified against the paper (form and values as cited in models/ch4mod.yaml).
public func ebullition(production p: Double, plantEmission ep: Double, soilTemperatureC t: Double, rootBiomass wr: Double,
                       coefficient c: Double, threshold p0: Double) -> Double {
    let available = p - ep - p0
    guard available > 0, t > 1 else { return 0 }
    return min(available, c * available * log(t) / max(wr, 1))
}

// MARK: Parameters

/// CH4MOD parameters as the model uses them; read and validated from `models/ch4mod.yaml` (where
/// each value's source is) by `CH4MODParametersFile` in PaddyMethaneIO.
public struct CH4MODParameters: Sendable, Equatable {
    public var biomass: Biomass
    public var substrate: Substrate
    public var temperature: Temperature
    public var redox: Redox
    public var production: Production
    public var emission: Emission
    /// Pools of every amendment type.
    public var amendmentPools: [AmendmentType: AmendmentPools]
    /// Site values where the input gives none.
    public var defaultGrainYieldTPerHa: Double
    public var defaultSandFraction: Double

    public init(biomass: Biomass, substrate: Substrate, temperature: Temperature, redox: Redox, production: Production,
                emission: Emission, amendmentPools: [AmendmentType: AmendmentPools], defaultGrainYieldTPerHa: Double,
                defaultSandFraction: Double) {
        self.biomass = biomass
        self.substrate = substrate
        self.temperature = temperature
        self.redox = redox
        self.production = production
        self.emission = emission
        self.amendmentPools = amendmentPools
        self.defaultGrainYieldTPerHa = defaultGrainYieldTPerHa
        self.defaultSandFraction = defaultSandFraction
    }

    /// Plant growth: Wmax = a GY^b; logistic rate r = r70 − s (SD/70 − 1) [d⁻¹]; W0 = W70 − s0 (SD/70 − 1)
    /// [g m⁻²]; roots Wtot = W + c Wtot^e [mg m⁻²].
    public struct Biomass: Sendable, Equatable {
        public var maxBiomassCoefficient: Double
        public var maxBiomassExponent: Double
        public var logisticRateAt70DaysPerDay: Double
        public var logisticRateSlopePerDay: Double
        public var initialBiomassAt70DaysGPerM2: Double
        public var initialBiomassSlopeGPerM2: Double
        public var rootCoefficient: Double
        public var rootExponent: Double
        public init(maxBiomassCoefficient: Double, maxBiomassExponent: Double, logisticRateAt70DaysPerDay: Double,
                    logisticRateSlopePerDay: Double, initialBiomassAt70DaysGPerM2: Double, initialBiomassSlopeGPerM2: Double,
                    rootCoefficient: Double, rootExponent: Double) {
            self.maxBiomassCoefficient = maxBiomassCoefficient
            self.maxBiomassExponent = maxBiomassExponent
            self.logisticRateAt70DaysPerDay = logisticRateAt70DaysPerDay
            self.logisticRateSlopePerDay = logisticRateSlopePerDay
            self.initialBiomassAt70DaysGPerM2 = initialBiomassAt70DaysGPerM2
            self.initialBiomassSlopeGPerM2 = initialBiomassSlopeGPerM2
            self.rootCoefficient = rootCoefficient
            self.rootExponent = rootExponent
        }
    }
    /// Substrates: exudates, texture, decomposition and soil water.
    public struct Substrate: Sendable, Equatable {
        public var exudateCoefficient: Double
        public var exudateExponent: Double
        public var textureIntercept: Double
        public var textureSlope: Double
        public var varietyIndex: Double
        public var fastDecayPerDay: Double
        public var slowDecayPerDay: Double
        public var moistureA: Double
        public var moistureB: Double
        public var moistureC: Double
        /// Volumetric soil water [m³ m⁻³] when flooded, approached when drained, and the drying rate [d⁻¹].
        public var thetaFlooded: Double
        public var thetaDrained: Double
        public var thetaDryingPerDay: Double
        public var soilOrganicMatterTPerHa: Double
        public init(exudateCoefficient: Double, exudateExponent: Double, textureIntercept: Double, textureSlope: Double,
                    varietyIndex: Double, fastDecayPerDay: Double, slowDecayPerDay: Double, moistureA: Double, moistureB: Double,
                    moistureC: Double, thetaFlooded: Double, thetaDrained: Double, thetaDryingPerDay: Double, soilOrganicMatterTPerHa: Double) {
            self.exudateCoefficient = exudateCoefficient
            self.exudateExponent = exudateExponent
            self.textureIntercept = textureIntercept
            self.textureSlope = textureSlope
            self.varietyIndex = varietyIndex
            self.fastDecayPerDay = fastDecayPerDay
            self.slowDecayPerDay = slowDecayPerDay
            self.moistureA = moistureA
            self.moistureB = moistureB
            self.moistureC = moistureC
            self.thetaFlooded = thetaFlooded
            self.thetaDrained = thetaDrained
            self.thetaDryingPerDay = thetaDryingPerDay
            self.soilOrganicMatterTPerHa = soilOrganicMatterTPerHa
        }
    }
    public struct Temperature: Sendable, Equatable {
        public var q10: Double
        public var referenceC: Double
        public var soilFromAirInterceptC: Double
        public var soilFromAirSlope: Double
        public init(q10: Double, referenceC: Double, soilFromAirInterceptC: Double, soilFromAirSlope: Double) {
            self.q10 = q10
            self.referenceC = referenceC
            self.soilFromAirInterceptC = soilFromAirInterceptC
            self.soilFromAirSlope = soilFromAirSlope
        }
    }
    public struct Redox: Sendable, Equatable {
        public var ehFloodedFloorMV: Double
        public var ehDrainedCeilingMV: Double
        public var ehInitialMV: Double
        public var ehRatePerDay: Double
        public var ehRateOffset: Double
        public var ehDrainedFactor: Double
        public var ehFactorScale: Double
        /// The soil is reducing while the water level is at or above this [cm].
        public var floodedLevelCm: Double
        public init(ehFloodedFloorMV: Double, ehDrainedCeilingMV: Double, ehInitialMV: Double, ehRatePerDay: Double,
                    ehRateOffset: Double, ehDrainedFactor: Double, ehFactorScale: Double, floodedLevelCm: Double) {
            self.ehFloodedFloorMV = ehFloodedFloorMV
            self.ehDrainedCeilingMV = ehDrainedCeilingMV
            self.ehInitialMV = ehInitialMV
            self.ehRatePerDay = ehRatePerDay
            self.ehRateOffset = ehRateOffset
            self.ehDrainedFactor = ehDrainedFactor
            self.ehFactorScale = ehFactorScale
            self.floodedLevelCm = floodedLevelCm
        }
    }
    public struct Production: Sendable, Equatable {
        /// g CH4 per g substrate.
        public var conversionGCH4PerG: Double
        public init(conversionGCH4PerG: Double) { self.conversionGCH4PerG = conversionGCH4PerG }
    }
    public struct Emission: Sendable, Equatable {
        public var plantMaxFraction: Double
        public var plantExponent: Double
        public var bubbleCoefficient: Double
        public var bubbleThresholdGPerM2PerDay: Double
        public init(plantMaxFraction: Double, plantExponent: Double, bubbleCoefficient: Double, bubbleThresholdGPerM2PerDay: Double) {
            self.plantMaxFraction = plantMaxFraction
            self.plantExponent = plantExponent
            self.bubbleCoefficient = bubbleCoefficient
            self.bubbleThresholdGPerM2PerDay = bubbleThresholdGPerM2PerDay
        }
    }
    /// An amendment type as CH4MOD inputs: dry matter per unit applied, readily decomposable share.
    public struct AmendmentPools: Sendable, Equatable {
        public var dryMatterFraction: Double
        public var readilyDecomposableFraction: Double
        public init(dryMatterFraction: Double, readilyDecomposableFraction: Double) {
            self.dryMatterFraction = dryMatterFraction
            self.readilyDecomposableFraction = readilyDecomposableFraction
        }
    }
}

/// Monthly mean air temperatures [°C], January first, and where they come from.
public struct CH4MODClimatology: Sendable, Equatable {
    public var monthlyAirC: [Double]
    public var source: String
    public init(monthlyAirC: [Double], source: String) {
        self.monthlyAirC = monthlyAirC
        self.source = source
    }
}

// MARK: Simulation

/// What CH4MOD needs to know about a field besides its water.
public struct CH4MODSite: Sendable, Equatable {
    public var grainYieldTPerHa: Double
    public var sandFraction: Double
    public var amendments: [OrganicAmendment]

    public init(grainYieldTPerHa: Double, sandFraction: Double, amendments: [OrganicAmendment]) {
        self.grainYieldTPerHa = grainYieldTPerHa
        self.sandFraction = sandFraction
        self.amendments = amendments
    }
}

/// State variables, carried from day to day.
public struct CH4MODState: Sendable, Equatable {
    /// Soil redox potential [mV].
    public var ehMV: Double
    /// Readily and slowly decomposable organic matter [g m⁻²] (added amendments).
    public var fastPool: Double
    public var slowPool: Double
    /// Soil organic matter feeding methanogens [g m⁻²].
    public var soilPool: Double
    /// Volumetric soil water content [m³ m⁻³].
    public var theta: Double
}

/// Rates of one day [g m⁻² d⁻¹ unless stated].
public struct CH4MODRates: Sendable, Equatable {
    public var shootBiomass: Double
    public var exudates: Double
    public var decomposedFast: Double
    public var decomposedSlow: Double
    public var decomposedSoil: Double
    public var production: Double
    public var plantEmission: Double
    public var bubbleEmission: Double
    /// Production not emitted: oxidised in the rhizosphere and floodwater.
    public var oxidised: Double
    public var ehChange: Double
    public var thetaChange: Double

    public var emission: Double { plantEmission + bubbleEmission }
    public var organicSubstrate: Double { decomposedFast + decomposedSlow + decomposedSoil }
}

/// Season totals and the mass balances that check them [g m⁻²].
public struct CH4MODSeason: Sendable {
    public var emission = 0.0
    public var production = 0.0
    public var plantEmission = 0.0
    public var bubbleEmission = 0.0
    public var oxidised = 0.0
    public var exudates = 0.0
    public var decomposed = 0.0
    public var organicMatterStart = 0.0
    public var organicMatterEnd = 0.0
    /// Daily emission [g CH4 m⁻² d⁻¹] when asked for.
    public var daily: [Float]? = nil

    /// Organic matter in − out − left; zero up to rounding. `decomposed` is the sum of the daily
    /// decomposition rates, `organicMatterEnd` the integrated pools: two independent integrations.
    public var organicMatterImbalance: Double { organicMatterStart - decomposed - organicMatterEnd }
    /// CH4 produced − emitted − oxidised; zero up to rounding, each summed in its own accumulator.
    public var methaneImbalance: Double { production - emission - oxidised }
    /// CH4 emitted − (through plants + by ebullition); zero up to rounding.
    public var emissionImbalance: Double { emission - plantEmission - bubbleEmission }

    /// Relative tolerance of the balances: rounding of a season of daily sums (project choice).
    public static let balanceTolerance = 1e-9

    /// Checks the season's mass balances (project choice: checked in every run, not only in
    /// tests); a balance that does not close, or a quantity that is not a number, is a failure.
    public func check() throws(ModelCheckFailure) {
        let balances: [(String, Double, Double)] = [
            ("organic matter added − decomposed − remaining", organicMatterImbalance, organicMatterStart),
            ("CH4 produced − emitted − oxidised", methaneImbalance, production),
            ("CH4 emitted − plant-mediated − ebullition", emissionImbalance, emission),
        ]
        for (name, imbalance, scale) in balances where !(abs(imbalance) <= Self.balanceTolerance * max(abs(scale), 1)) {
            throw ModelCheckFailure(reason: "CH4MOD mass balance does not close: \(name) = \(imbalance) g m-2 "
                                    + "(tolerance \(Self.balanceTolerance) relative); check the season's temperatures and water levels")
        }
    }
}

/// The CH4MOD daily model: rates from state and drivers, then states integrated (explicit Euler,
/// one day). Drivers per day: water level [cm] and soil temperature [°C].
public struct CH4MOD: Sendable {
    public let parameters: CH4MODParameters
    /// The plant terms per season length, grain yield and sand fraction, for these parameters.
    let plantTables = CH4MODPlantTables()

    public init(parameters: CH4MODParameters) {
        self.parameters = parameters
    }

    /// The state at the start of a season (the day the field is flooded): amendments split into
    /// readily and slowly decomposable pools (Huang et al. 1998, two-pool decomposition, equation number not verified against the paper; the
    /// split per amendment type and the soil organic matter pool are project choices), Eh at its
    /// initial value (project choice: the drained ceiling).
    public func initialState(_ site: CH4MODSite) -> CH4MODState {
        let p = parameters
        var fast = 0.0, slow = 0.0
        for a in site.amendments {
            let pools = p.amendmentPools[a.type]!
            let dryGPerM2 = a.rateTPerHa * pools.dryMatterFraction * 100
            fast += dryGPerM2 * pools.readilyDecomposableFraction
            slow += dryGPerM2 * (1 - pools.readilyDecomposableFraction)
        }
        return CH4MODState(ehMV: p.redox.ehInitialMV, fastPool: fast, slowPool: slow,
                           soilPool: p.substrate.soilOrganicMatterTPerHa * 100, theta: p.substrate.thetaFlooded)
    }

    /// Quantities fixed for a season (Huang et al. 1998, equation number not verified against the paper; the scaling of r and W0 by the
    /// season length as in the public port): maximum biomass Wmax [g m⁻²], logistic rate r [d⁻¹], initial
    /// biomass W0 [g m⁻²] (both scaled by the season length), and the soil texture index.
    public struct SeasonConstants: Sendable, Equatable {
        public var maxBiomass: Double
        public var rate: Double
        public var initialBiomass: Double
        public var textureIndex: Double
    }

    public func seasonConstants(seasonDays: Int, site: CH4MODSite) -> SeasonConstants {
        let b = parameters.biomass, sub = parameters.substrate
        let scale = Double(seasonDays) / 70 - 1
        return SeasonConstants(
            maxBiomass: maxShootBiomass(grainYieldGPerM2: site.grainYieldTPerHa * 100, coefficient: b.maxBiomassCoefficient, exponent: b.maxBiomassExponent),
            rate: b.logisticRateAt70DaysPerDay - b.logisticRateSlopePerDay * scale,
            initialBiomass: max(1, b.initialBiomassAt70DaysGPerM2 - b.initialBiomassSlopeGPerM2 * scale),
            textureIndex: soilTextureIndex(sandFraction: site.sandFraction, intercept: sub.textureIntercept, slope: sub.textureSlope))
    }

    /// The rates of a day of a season with plant terms `plant` (`plantDay`) and soil temperature
    /// `temp` of temperature index `ti` (`temperatureIndex(soilTemperatureC:)`): substrate supply,
    /// production and its split into plant-mediated emission, ebullition and oxidation (Huang et
    /// al. 1998, 2004, equation number not verified against the paper). The oxidised share is what
    /// is not emitted; a drained soil emits nothing (project choice).
    public func rates(_ s: CH4MODState, plant: CH4MODPlantDay, season k: SeasonConstants, waterLevelCm: Double,
                      soilTemperatureC temp: Double, temperatureIndex ti: Double) -> CH4MODRates {
        let p = parameters
        let sub = p.substrate
        let w = plant.shootBiomass, wr = plant.rootBiomass, cr = plant.exudates
        let si = k.textureIndex
        let wi = moistureIndex(theta: s.theta, a: sub.moistureA, b: sub.moistureB, c: sub.moistureC)
        let decay = wi * si * ti
        let fast = decay * sub.fastDecayPerDay * s.fastPool
        let slow = decay * sub.slowDecayPerDay * s.slowPool
        let soil = decay * sub.slowDecayPerDay * s.soilPool
        let com = fast + slow + soil
        let flooded = waterLevelCm >= p.redox.floodedLevelCm
        let production = methaneProduction(redoxFactor: redoxFactor(ehMV: s.ehMV, scale: p.redox.ehFactorScale),
                                           temperatureIndex: ti, exudates: cr, organicSubstrate: com, conversion: p.production.conversionGCH4PerG)
        let e = p.emission
        // A drained soil's oxic surface layer oxidises what is produced below it (project choice, models/ch4mod.yaml).
        let plantEmission = flooded ? production * plant.plantTransportFraction : 0
        let bubble = flooded ? ebullition(production: production, plantEmission: plantEmission, soilTemperatureC: temp, rootBiomass: wr,
                                          coefficient: e.bubbleCoefficient, threshold: e.bubbleThresholdGPerM2PerDay) : 0
        let thetaChange = flooded
            ? sub.thetaFlooded - s.theta
            : -(s.theta - sub.thetaDrained) * sub.thetaDryingPerDay
        return CH4MODRates(shootBiomass: w, exudates: cr, decomposedFast: fast, decomposedSlow: slow, decomposedSoil: soil,
                           production: production, plantEmission: plantEmission, bubbleEmission: bubble,
                           oxidised: production - plantEmission - bubble,
                           ehChange: redoxChange(ehMV: s.ehMV, flooded: flooded, organicSubstrate: com, p: p.redox),
                           thetaChange: thetaChange)
    }

    /// Integrates one day (explicit Euler, one-day step: project choice).
    public func integrate(_ s: CH4MODState, _ r: CH4MODRates) -> CH4MODState {
        CH4MODState(ehMV: s.ehMV + r.ehChange, fastPool: s.fastPool - r.decomposedFast, slowPool: s.slowPool - r.decomposedSlow,
                    soilPool: s.soilPool - r.decomposedSoil, theta: s.theta + r.thetaChange)
    }

    /// Simulates a season. `levelsCm[i]` is NaN on days with no known level (the previous day's
    /// water state is kept); `soilTemperatureC(i)` gives day i's soil temperature.
    public func simulate(levelsCm: ArraySlice<Float>, soilTemperatureC: (Int) -> Double, site: CH4MODSite, recordDaily: Bool = false) -> CH4MODSeason {
        var state = initialState(site)
        var season = CH4MODSeason()
        season.organicMatterStart = state.fastPool + state.slowPool + state.soilPool
        if recordDaily { season.daily = [] ; season.daily!.reserveCapacity(levelsCm.count) }
        let constants = seasonConstants(seasonDays: levelsCm.count, site: site)
        let plants = plantTable(seasonDays: levelsCm.count, site: site, season: constants)
        var level = 0.0
        // TI of the last temperature, kept while the temperature stays the same (a climatology
        // month): the same pow of the same argument.
        var indexedTemperature: UInt64? = nil, ti = 0.0
        for (i, l) in levelsCm.enumerated() {
            if !l.isNaN { level = Double(l) }
            let plant = plants?[i] ?? plantDay(i + 1, season: constants)
            let temp = soilTemperatureC(i)
            if indexedTemperature != temp.bitPattern {
                ti = temperatureIndex(soilTemperatureC: temp)
                indexedTemperature = temp.bitPattern
            }
            let r = rates(state, plant: plant, season: constants, waterLevelCm: level, soilTemperatureC: temp, temperatureIndex: ti)
            season.emission += r.emission
            season.production += r.production
            season.plantEmission += r.plantEmission
            season.bubbleEmission += r.bubbleEmission
            season.oxidised += r.oxidised
            season.exudates += r.exudates
            season.decomposed += r.organicSubstrate
            season.daily?.append(Float(r.emission))
            state = integrate(state, r)
        }
        season.organicMatterEnd = state.fastPool + state.slowPool + state.soilPool
        return season
    }

    /// The temperature index TI of soil temperature `t` [°C] with this model's Q10 and reference.
    public func temperatureIndex(soilTemperatureC t: Double) -> Double {
        PaddyMethane.temperatureIndex(soilTemperatureC: t, q10: parameters.temperature.q10, referenceC: parameters.temperature.referenceC)
    }

    /// Soil temperature [°C] from air temperature [°C], linear (as in the public CH4MOD port cited in
    /// models/ch4mod.yaml; not an equation of the papers as far as could be checked).
    public func soilTemperature(airC: Double) -> Double {
        parameters.temperature.soilFromAirInterceptC + parameters.temperature.soilFromAirSlope * airC
    }
}
