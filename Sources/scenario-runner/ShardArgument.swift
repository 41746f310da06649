public import ArgumentParser
public import PaddyMethaneIO

/// `--shard K/N`: parsed into a `Shard`; anything but 1 ≤ K ≤ N is a usage error (exit 64)
/// naming the option and its value.
extension Shard: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
}
