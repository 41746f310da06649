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
        "temperature_source": e("–", "process model: where the soil temperature came from (input series, weather file by paddy or region, climatology; with day counts when several); not used for IPCC methods"),
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
        "implied_ef_g_m2": e("g CH4 m-2", "implied emission factor per harvest"),
        "ch4_kt": e("kt CH4", "methane emitted"),
        "inventory_year": e("–", "the --inventory-year, or all"),
        "organic_amendment_straw_short_dry_t_ha": e("t ha-1", "straw incorporated shortly (< 30 days) before cultivation, dry weight: Σ rate × area of the line's seasons with it / the line's harvested area (Eq. 5.3)"),
        "organic_amendment_straw_long_dry_t_ha": e("t ha-1", "straw incorporated long (> 30 days) before cultivation, dry weight: Σ rate × area of the line's seasons with it / the line's harvested area (Eq. 5.3)"),
        "organic_amendment_compost_fresh_t_ha": e("t ha-1", "compost, fresh weight: Σ rate × area of the line's seasons with it / the line's harvested area (Eq. 5.3)"),
        "organic_amendment_farmyard_manure_fresh_t_ha": e("t ha-1", "farmyard manure, fresh weight: Σ rate × area of the line's seasons with it / the line's harvested area (Eq. 5.3)"),
        "organic_amendment_green_manure_fresh_t_ha": e("t ha-1", "green manure, fresh weight: Σ rate × area of the line's seasons with it / the line's harvested area (Eq. 5.3)"),
        "ch4_kg_ha": e("kg CH4 ha-1", "CH4 per harvested hectare: ch4 / area_ha"),
        "co2e_t_ha": e("t CO2e ha-1", "CO2e per harvested hectare: co2e_t / area_ha"),
        "grain_yield_t_ha": e("t ha-1", "grain yield from the input's grain_yield; empty when the file gives none"),
        "grain_t": e("t", "grain of the seasons with a known yield"),
        "co2e_kg_per_kg_grain": e("kg CO2e kg-1", "emission intensity: CO2e per kg grain of the seasons with a known yield; empty without a grain yield"),
        "harvest_year": e("–", "year of season_end (the harvest)"),
        "season": e("–", "season_calendar name of the harvest month, else the harvest month YYYY-MM"),
        "attribute": e("–", "grouping attribute (--group-by)"),
        "value": e("–", "value of the attribute (empty for paddies without it)"),
        "gas": e("–", "CH4"),
        "base_year": e("–", "the base year (--base-year), or NA"),
        "year": e("–", "year t: the latest year of the run's seasons (by season end)"),
        "base_year_co2e_gg": e("Gg CO2e", "base-year emission, GWP of the run (Table 3.3 column C)"),
        "year_co2e_gg": e("Gg CO2e", "year-t emission (Table 3.3 column D)"),
        "ad_uncertainty_pct": e("%", "activity-data uncertainty: area and season length, Eq. 3.1 (column E), or NE"),
        "ef_uncertainty_pct": e("%", "emission-factor uncertainty from the parameter set's 95 % ranges (column F)"),
        "combined_uncertainty_pct": e("%", "√(E² + F²) (column G)"),
        "variance_contribution_pct2": e("%²", "(G × D)² / (ΣD)² (column H)"),
        "type_a_sensitivity": e("1", "type A sensitivity (column I); empty on the total"),
        "type_b_sensitivity": e("1", "type B sensitivity D_x / ΣC (column J); empty on the total"),
        "trend_uncertainty_ef_pct": e("%", "I × F: factors fully correlated between the years (column K)"),
        "trend_uncertainty_ad_pct": e("%", "J × E × √2: activity data independent between the years (column L)"),
        "trend_variance_pct2": e("%²", "K² + L² (column M)"),
        "trend_uncertainty_pct": e("%", "total row: √M, the uncertainty of the trend"),
        "note": e("–", "reasons of the notation keys; the share of the emission without activity-data uncertainty"),
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
        "methodology": e("–", "crediting methodology (a rule set id of models/crediting.yaml)"),
        "vintage": e("–", "calendar year of the monitoring period (periods never span two)"),
        "fields": e("count", "fields with a counted season"),
        "uncertainty_deduction_co2e_t": e("t CO2e", "the rule set's deduction × the CH4 reductions, or × the reductions net of the N2O deduction; 0 when negative"),
        "nitrogen_kg": e("kg N", "nitrogen applied (empty without a rate)"),
        "n2o_baseline_kg": e("kg N2O", "N × EF1FR of the baseline regime × 44/28 (IPCC 2019 Table 11.1)"),
        "n2o_project_kg": e("kg N2O", "N × EF1FR of the project regime × 44/28 (IPCC 2019 Table 11.1)"),
        "n2o_change_co2e_t": e("t CO2e", "project − baseline N2O, reported"),
        "n2o_deduction_co2e_t": e("t CO2e", "the N2O the rule set deducts"),
        "net_co2e_t": e("t CO2e", "reductions − uncertainty − N2O deductions"),
        "ceiling_co2e_t": e("t CO2e", "the approach's annual size limit × months / 12; empty where none"),
        "ceiling_deduction_co2e_t": e("t CO2e", "net above the ceiling, deducted"),
        "events_counted": e("count", "drainage events whose evidence meets the rule set"),
        "events_not_counted": e("count", "drainages the data suggest but whose evidence fails the rule set: they do not count for the project"),
        "unproven_reductions_co2e_t": e("t CO2e", "what the events not counted would have claimed"),
        "undetermined_seasons": e("count", "seasons whose regime is not readable"),
        "excluded_seasons": e("count", "undetermined seasons left out"),
        "undetermined_area_ha": e("ha", "area of the undetermined seasons"),
        "undetermined_reductions_not_claimed_co2e_t": e("t CO2e", "what the IPCC aggregated factor would have claimed for the undetermined seasons"),
        "ineligible_fields": e("count", "fields that fail the eligibility rules"),
        "ineligible_area_ha": e("ha", "area of the ineligible fields"),
        "eligible": e("–", "yes or no"),
        "ineligibility_reason": e("–", "why the field is not eligible (empty when it is)"),
        "status": e("–", "credited, counted as continuously flooded (regime undetermined), excluded (regime undetermined) or ineligible; ;-separated when seasons differ"),
        "lookback_seasons": e("count", "seasons the baseline was built from"),
        "baseline_regime": e("–", "water regime of the baseline (;-separated when seasons differ)"),
        "project_regime": e("–", "water regime of the project (;-separated when seasons differ)"),
        "observed_event_days": e("d", "observed days in the counted events"),
        "longest_revisit_gap_days": e("d", "longest run of days in the seasons without an observation"),
        "experiment": e("–", "experiment of the validation set"),
        "treatment": e("–", "treatment of the experiment"),
        "practice": e("–", "continuous_flooding, mid_season_drainage or multiple_drainage"),
        "drainages": e("count", "drained spells, the end-season drainage not counted"),
        "measured_ch4_kg_ha": e("kg CH4 ha-1", "measured seasonal CH4; empty where the source gives none"),
        "modelled_ch4_kg_ha": e("kg CH4 ha-1", "modelled seasonal CH4"),
        "modelled_ch4_kg_ha_low95": e("kg CH4 ha-1", "lower end of the 95 % interval of the modelled CH4 (with --draws)"),
        "modelled_ch4_kg_ha_high95": e("kg CH4 ha-1", "upper end of the 95 % interval of the modelled CH4 (with --draws)"),
        "measured_ratio": e("1", "measured CH4 over the experiment's continuously flooded reference; empty for the reference"),
        "modelled_ratio": e("1", "modelled CH4 over the experiment's continuously flooded reference; empty for the reference"),
        "modelled_ratio_low95": e("1", "lower end of the 95 % interval of the modelled ratio"),
        "modelled_ratio_high95": e("1", "upper end of the 95 % interval of the modelled ratio"),
        "metric": e("–", "seasonal_total_kg_ha, ratio_multiple_drainage or ratio_mid_season_drainage"),
        "pairs": e("count", "measured-modelled pairs"),
        "bias": e("kg CH4 ha-1 or 1", "mean of modelled − measured (kg ha-1 for totals, 1 for ratios)"),
        "rmse": e("kg CH4 ha-1 or 1", "root mean square error of modelled against measured"),
        "measured_min": e("kg CH4 ha-1 or 1", "smallest measured value"),
        "measured_max": e("kg CH4 ha-1 or 1", "largest measured value"),
        "modelled_mean": e("kg CH4 ha-1 or 1", "mean modelled value"),
        "modelled_min": e("kg CH4 ha-1 or 1", "smallest modelled value"),
        "modelled_max": e("kg CH4 ha-1 or 1", "largest modelled value"),
        "parameter": e("–", "file key of the ranged parameter"),
        "project_choice": e("–", "yes when the parameter is a project choice, else no"),
    ]

    /// The answers of a sensitivity analysis: unit and meaning.
    private static let sensitivityAnswers: [(name: String, unit: String, meaning: String)] = [
        ("seasonal_total_cf_kg_ha", "kg CH4 ha-1", "the mean modelled total of the continuously flooded treatments"),
        ("multiple_drainage_ratio", "1", "the mean modelled ratio of multiple drainage"),
        ("mid_season_drainage_ratio", "1", "the mean modelled ratio of mid-season drainage"),
    ]

    /// `sensitivity.csv`: the parameter's value and range, then four columns per answer.
    private static let sensitivity: [String: Entry] = {
        var columns: [String: Entry] = [
            "value": e("parameter's unit", "the parameter's value in the file"),
            "low": e("parameter's unit", "low end of the parameter's range"),
            "high": e("parameter's unit", "high end of the parameter's range"),
        ]
        for a in sensitivityAnswers {
            columns["oat_\(a.name)"] = e(a.unit, "\(a.meaning): answer at high − answer at low")
            columns["morris_mu_star_\(a.name)"] = e(a.unit, "\(a.meaning): Morris μ* of the elementary effects per whole range (Campolongo)")
            columns["morris_sigma_\(a.name)"] = e(a.unit, "\(a.meaning): Morris σ of the elementary effects per whole range")
            columns["rank_\(a.name)"] = e("rank", "\(a.meaning): rank by |oat| (1 = largest)")
        }
        return columns
    }()

    /// Columns whose meaning in one report differs from the shared one.
    private static let byFile: [String: [String: Entry]] = [
        "crediting.csv": [
            "paddy_seasons": e("count", "seasons counted in the period"),
            "area_ha": e("ha", "area of the counted seasons"),
            "reductions_co2e_t": e("t CO2e", "baseline minus project, CH4"),
        ],
        "monitoring_fields.csv": [
            "paddy_id": e("–", "the field: identifier from the input"),
            "paddy_seasons": e("count", "seasons of the field in the period"),
            "area_ha": e("ha", "area of the field"),
            "baseline_co2e_t": e("t CO2e", "the baseline practice on the field's counted seasons"),
            "project_co2e_t": e("t CO2e", "the project practice on the field's counted seasons"),
            "period_start": e("date", "first day of the monitoring period (empty for an ineligible field without project seasons)"),
            "period_end": e("date", "last day of the monitoring period (empty for an ineligible field without project seasons)"),
            "vintage": e("–", "calendar year of the period (empty without a period)"),
        ],
        "out_of_scope.csv": [
            "region": e("–", "region from the input (empty for a season that was not computed)"),
            "reason": e("–", "season end (harvest) outside the inventory year; for a season also rejected, then not computed: and the rejection reason"),
        ],
        "validation_summary.csv": [
            "parameter_set": e("–", "the parameter file"),
        ],
        "sensitivity.csv": sensitivity,
        "rejected.csv": [
            "season_start": e("date", "first day of the season concerned (empty when the whole paddy is rejected)"),
            "season_end": e("date", "last day of the season concerned (empty when the whole paddy is rejected)"),
        ],
        "drainage_events.csv": [
            "season_start": e("date", "first day of the season the event belongs to"),
        ],
    ]
}
