extension MaskCounts {
    /// The note given when the valid range of `variable` removed at least `minShare` of its
    /// non-fill values, naming the count; nil otherwise.
    public func validRangeNote(variable: String, minShare: Double) -> String? {
        guard validRange > 0, validRangeShare >= minShare else { return nil }
        let pct = (validRangeShare * 1000).rounded() / 10
        return "\(variable): valid_range/valid_min/valid_max removed \(validRange) of \(nonFill) non-fill values (\(pct) %); "
            + "check that the valid range does not exclude real levels (below the soil surface levels are negative)"
    }
}
