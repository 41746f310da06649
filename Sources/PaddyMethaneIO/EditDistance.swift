/// Edit distance counting insertions, deletions, substitutions and transpositions of two
/// neighbouring characters (optimal string alignment), the usual typing slips; what every
/// "did you mean" suggestion of the project ranks candidates by.
func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
    // Rows i − 2, i − 1 and i of the distance table.
    var before = [Int](repeating: 0, count: b.count + 1), previous = Array(0...b.count), current = previous
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { current[j] = min(current[j], before[j - 2] + 1) }
        }
        (before, previous, current) = (previous, current, before)
    }
    return previous[b.count]
}
