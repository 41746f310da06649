/// The unit and meaning of every report column: the README's data dictionary, for the workbook's
/// headers and its data dictionary sheet and for the HTML report. A column is looked up by report
/// file and name, then by name alone (a name means the same in every report unless a file says
/// otherwise). `DataDictionaryTests` checks that every column a run writes is here and that the
/// README names it.
enum DataDictionary {
    struct Entry: Sendable, Equatable {
        /// "–" for text and identifiers.
        let unit: String
        let meaning: String
    }

    /// The entry of `column` in report `file`, or nil when it is not documented.
    static func entry(file: String, column: String) -> Entry? {
        byFile[file]?[column] ?? shared[column]
    }

    /// `column [unit]`, or the column alone when it has no unit.
    static func header(file: String, column: String) -> String {
        guard let unit = entry(file: file, column: column)?.unit, unit != "–", !unit.isEmpty else { return column }
        return "\(column) [\(unit)]"
    }

    private static func e(_ unit: String, _ meaning: String) -> Entry { Entry(unit: unit, meaning: meaning) }

    private static let shared: [String: Entry] = [
        "paddy_id": e("–", "identifier from the input, byte for byte"),
        "paddy_index": e("–", "0-based position of the paddy in the input file"),
        "region": e("–", "region from the input (empty, or (none) in summaries, if none)"),
        "season_start": e("date", "first day of the cultivation period (inclusive, ISO 8601 in the input's calendar)"),
        "season_end": e("date", "last day of the cultivation period (inclusive)"),
        "days": e("d", "cultivation period t of IPCC Eq. 5.1"),
        "area_ha": e("ha", "harvested area A (each season counts)"),
        "water_supply": e("–", "irrigated, rainfed, deepwater or upland, as declared (else irrigated, or deepwater where the series shows deep water)"),
        "water_regime": e("–", "water regime read from the series (IPCC 2019 Table 5.12)"),
        "pre_season": e("–", "pre-season water status (Table 5.13); unknown: the aggregated factor"),
        "drainage_events": e("count", "drainage events under the drainage rule"),
        "drained_days": e("d", "known days below the rule's threshold"),
        "filled_fraction": e("1", "share of the season's days interpolated between observations"),
        "missing_fraction": e("1", "share of the season's days with no known level"),
        "organic_amendment_t_ha": e("t ha-1", "total organic amendment rate (dry weight for straw, fresh weight otherwise)"),
        "sf_w": e("1", "scaling factor for the water regime (Eq. 5.2); empty for the process model"),
        "sf_p": e("1", "scaling factor for the pre-season water regime (Eq. 5.2); empty for the process model"),
        "sf_o": e("1", "scaling factor for organic amendments (Eq. 5.3); empty for the process model"),
        "sf_sr": e("1", "scaling factor for soil type or rice cultivar (Eq. 5.2); empty for the process model"),
        "ef_c_kg_ha_day": e("kg CH4 ha-1 d-1", "baseline emission factor EF_c; empty for the process model"),
        "ef_c_entry": e("–", "which EF_c entry applied (global, an IPCC region or a Tier 2 region)"),
        "ef_kg_ha_day": e("kg CH4 ha-1 d-1", "adjusted daily emission factor EF_i"),
        "ch4_kg": e("kg CH4", "EF_i × days × area"),
        "co2e_t": e("t CO2e", "CH4 × GWP / 1000"),
        "method": e("–", "tier1, tier2 or process-ch4mod"),
        "parameter_set": e("–", "id of the parameter set"),
        "drainage_rule": e("–", "name of the drainage rule"),
        "temperature_source": e("–", "process model: where the soil temperature came from; not used for IPCC methods"),
        "event_start": e("date", "first drained day of the drainage event"),
        "length_days": e("d", "known drained days of the event"),
        "min_level_cm": e("cm", "lowest level during the event (negative: below the soil surface)"),
        "observed_days": e("d", "days of the event with an observation on the day"),
        "inferred": e("–", "yes when part of the event lies between observations"),
        "reason": e("–", "why the paddy or season was left out"),
        "paddy_seasons": e("count", "paddy-seasons counted"),
        "ch4_t": e("t CH4", "methane emitted"),
        "ch4_kg_per_ha": e("kg CH4 ha-1", "CH4 per harvested hectare"),
        "code": e("–", "CRT category code"),
        "category": e("–", "CRT category"),
        "harvested_area_kha": e("kha", "harvested area, 10³ ha"),
        "harvested_area_1e9_m2": e("10^9 m2", "harvested area in the CRF unit"),
        "organic_amendments_t_ha": e("t ha-1", "organic amendments added, area-weighted"),
        "implied_ef_g_m2": e("g CH4 m-2", "implied emission factor per harvest"),
        "ch4_kt": e("kt CH4", "methane emitted"),
        "ch4_t_low95": e("t CH4", "lower end of the Monte Carlo 95 % interval"),
        "ch4_t_high95": e("t CH4", "upper end of the Monte Carlo 95 % interval"),
        "co2e_t_low95": e("t CO2e", "lower end of the Monte Carlo 95 % interval"),
        "co2e_t_high95": e("t CO2e", "upper end of the Monte Carlo 95 % interval"),
        "approach1_u95_pct": e("%", "half-width of the IPCC Approach 1 95 % interval"),
        "draws": e("count", "Monte Carlo draws"),
        "seed": e("–", "seed of the Monte Carlo draws"),
        "scenario": e("–", "scenario name (baseline: the observed practice)"),
        "adopted_area_ha": e("ha", "area under the scenario's practice: Σ adoption fraction × area"),
        "co2e_t_change": e("t CO2e", "change against the observed practice computed with the scenario's own method; negative is a saving"),
        "change_pct": e("%", "co2e_t_change relative to the observed practice"),
        "co2e_t_change_low95": e("t CO2e", "lower end of the 95 % interval of the change"),
        "co2e_t_change_high95": e("t CO2e", "upper end of the 95 % interval of the change"),
        "interval_method": e("–", "how the interval was computed, or none"),
        "adoption_fraction": e("1", "share of the paddy's area adopting the scenario"),
        "water_regime_baseline": e("–", "water regime observed"),
        "water_regime_scenario": e("–", "water regime under the scenario"),
        "drainage_events_scenario": e("count", "drainage events under the scenario"),
        "organic_amendment_t_ha_scenario": e("t ha-1", "organic amendment rate under the scenario"),
        "ch4_kg_baseline": e("kg CH4", "the observed practice"),
        "ch4_kg_adopted": e("kg CH4", "the scenario fully adopted"),
        "ch4_kg_expected": e("kg CH4", "blended by adoption"),
        "co2e_t_expected": e("t CO2e", "blended by adoption"),
        "period_start": e("date", "first day of the monitoring period"),
        "period_end": e("date", "last day of the monitoring period"),
        "baseline_co2e_t": e("t CO2e", "the counterfactual (baseline) practice on the project fields"),
        "project_co2e_t": e("t CO2e", "the observed (project) practice on the project fields"),
        "reductions_co2e_t": e("t CO2e", "baseline minus project"),
        "reductions_low95_co2e_t": e("t CO2e", "lower end of the Monte Carlo 95 % interval of the reductions"),
        "reductions_high95_co2e_t": e("t CO2e", "upper end of the Monte Carlo 95 % interval of the reductions"),
        "credited_co2e_t": e("t CO2e", "reductions after the methodology's uncertainty deduction"),
        "methodology": e("–", "crediting methodology (a rule of models/crediting.yaml)"),
        "n2o_deducted": e("–", "always no: nitrogen rates are not an input"),
    ]

    /// Columns whose meaning in one report differs from the shared one.
    private static let byFile: [String: [String: Entry]] = [
        "crediting.csv": [
            "paddy_seasons": e("count", "seasons of the counterfactual scenario with some adoption"),
            "area_ha": e("ha", "project fields: Σ adoption fraction × area"),
        ],
        "rejected.csv": [
            "season_start": e("date", "first day of the season concerned (empty when the whole paddy is rejected)"),
            "season_end": e("date", "last day of the season concerned (empty when the whole paddy is rejected)"),
        ],
        "drainage_events.csv": [
            "season_start": e("date", "first day of the season the event belongs to"),
        ],
    ]
}
