import Foundation
import Yams

/// A YAML file that cannot be used: the file, the line, the key path (`scenarios[2].adoption`)
/// and what is wrong with it, with the nearest valid key or value where one is close.
public struct YAMLFileError: Error, CustomStringConvertible, Sendable {
    public let path: String
    /// Dotted key path with sequence indices, e.g. `scenarios[2].adopton`; empty for the whole file.
    public let keyPath: String
    public let line: Int?
    public let message: String

    public init(path: String, keyPath: String, line: Int? = nil, message: String) {
        self.path = path
        self.keyPath = keyPath
        self.line = line
        self.message = message
    }

    public var description: String {
        let location = line.map { "\(path):\($0)" } ?? path
        return keyPath.isEmpty ? "\(location): \(message)" : "\(location): \(keyPath): \(message)"
    }
}

/// Decodes YAML files into `Decodable` types, refusing every key the type never asked for: the
/// synthesized `Decodable` conformances are the schema, so a misspelt key is an error instead of
/// a silent default. Enumerations with string raw values (`CaseIterable`) are checked against
/// their cases, and tables keyed by domain tokens are checked with `tokenKeys`.
public enum StrictYAML {
    /// Keys of the tables at `path` (dotted, `*` for any one key, `[]` for any index) must be
    /// among `tokens`.
    public struct TokenKeys: Sendable {
        public let path: String
        public let tokens: [String]

        public init(_ path: String, tokens: [String]) {
            self.path = path
            self.tokens = tokens
        }

        /// The keys of `E`'s cases.
        public init<E: CaseIterable & RawRepresentable<String>>(_ path: String, _ type: E.Type) {
            self.init(path, tokens: E.allCases.map(\.rawValue))
        }
    }

    /// Reads and decodes the file at `path`.
    public static func decodeFile<T: Decodable>(_ type: T.Type = T.self, path: String, tokenKeys: [TokenKeys] = []) throws(YAMLFileError) -> T {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw YAMLFileError(path: path, keyPath: "", message: "cannot be read (\(error.localizedDescription))")
        }
        return try decode(type, from: text, path: path, tokenKeys: tokenKeys)
    }

    /// Decodes `text`, naming `path` in errors.
    public static func decode<T: Decodable>(_ type: T.Type = T.self, from text: String, path: String,
                                            tokenKeys: [TokenKeys] = []) throws(YAMLFileError) -> T {
        let root: Node
        do { root = try Yams.compose(yaml: text) ?? Node("", Tag(.null)) } catch {
            throw YAMLFileError(path: path, keyPath: "", line: (error as? YamlError).flatMap(Self.line), message: "is not valid YAML: \(error)")
        }
        let tracker = KeyTracker()
        let value: T
        do {
            value = try T(from: StrictDecoder(node: root, path: [], tracker: tracker))
        } catch {
            throw misspeltRequiredKey(error, root, tracker, path: path) ?? describe(error, root: root, path: path)
        }
        if let unknown = unknownKeys(root, tracker, path: path).first { throw unknown }
        if let bad = badTokenKeys(root, tokenKeys, path: path).first { throw bad }
        return value
    }

    // MARK: Checks after decoding

    /// Keys of mappings that were decoded as records but never asked for, in file order.
    private static func unknownKeys(_ root: Node, _ tracker: KeyTracker, path: String) -> [YAMLFileError] {
        var out: [YAMLFileError] = []
        walk(root, []) { node, at in
            guard let mapping = node.mapping, let asked = tracker.asked[at] else { return }
            for (key, _) in mapping {
                let name = key.string ?? "\(key)"
                guard !asked.contains(name) else { continue }
                let known = asked.sorted()
                out.append(YAMLFileError(path: path, keyPath: render(at + [.key(name)]), line: key.mark?.line,
                                         message: "unknown key" + suggestion(name, known) + "; known keys here: \(known.joined(separator: ", "))"))
            }
        }
        return out
    }

    /// A required key that is missing because it is misspelt: the unknown key of the same mapping
    /// nearest to it. (Other keys of that mapping may not have been asked for yet.)
    private static func misspeltRequiredKey(_ error: any Error, _ root: Node, _ tracker: KeyTracker, path: String) -> YAMLFileError? {
        guard case .keyNotFound(let key, let c)? = error as? DecodingError else { return nil }
        let at = c.codingPath.map(PathElement.init)
        guard let mapping = node(root, at)?.mapping else { return nil }
        let present = mapping.keys.compactMap(\.string)
        guard let typo = present.filter({ !(tracker.asked[at]?.contains($0) ?? false) })
            .first(where: { nearest($0, [key.stringValue]) != nil }),
              let keyNode = mapping.keys.first(where: { $0.string == typo }) else { return nil }
        return YAMLFileError(path: path, keyPath: render(at + [.key(typo)]), line: keyNode.mark?.line,
                             message: "unknown key; did you mean \"\(key.stringValue)\"? (it is required)")
    }

    /// Keys of token-keyed tables that are not tokens.
    private static func badTokenKeys(_ root: Node, _ rules: [TokenKeys], path: String) -> [YAMLFileError] {
        var out: [YAMLFileError] = []
        walk(root, []) { node, at in
            guard let mapping = node.mapping else { return }
            for rule in rules where matches(rule.path, at) {
                for (key, _) in mapping {
                    let name = key.string ?? "\(key)"
                    guard !rule.tokens.contains(name) else { continue }
                    out.append(YAMLFileError(path: path, keyPath: render(at + [.key(name)]), line: key.mark?.line,
                                             message: "\"\(name)\" is not a valid key here" + suggestion(name, rule.tokens)
                                                + "; valid: \(rule.tokens.joined(separator: ", "))"))
                }
            }
        }
        return out
    }

    private static func walk(_ node: Node, _ at: [PathElement], _ visit: (Node, [PathElement]) -> Void) {
        visit(node, at)
        switch node {
        case .mapping(let m): for (k, v) in m { walk(v, at + [.key(k.string ?? "\(k)")], visit) }
        case .sequence(let s): for (i, v) in s.enumerated() { walk(v, at + [.index(i)], visit) }
        case .scalar, .alias: break
        }
    }

    private static func matches(_ pattern: String, _ at: [PathElement]) -> Bool {
        let parts = pattern.split(separator: ".", omittingEmptySubsequences: false).flatMap { part -> [Substring] in
            part.hasSuffix("[]") ? [part.dropLast(2), "[]"] : [part]
        }.filter { !$0.isEmpty }
        guard parts.count == at.count else { return false }
        return zip(parts, at).allSatisfy { p, e in
            switch e {
            case .key(let k): p == "*" || p == k
            case .index: p == "[]"
            }
        }
    }

    // MARK: Messages

    /// Turns a decoding error into a message on its key path.
    private static func describe(_ error: any Error, root: Node, path: String) -> YAMLFileError {
        if let e = error as? YAMLFileError { return e }
        guard let e = error as? DecodingError else { return YAMLFileError(path: path, keyPath: "", message: "\(error)") }
        func at(_ codingPath: [any CodingKey]) -> [PathElement] { codingPath.map(PathElement.init) }
        func line(_ p: [PathElement]) -> Int? { node(root, p)?.mark?.line }
        switch e {
        case .keyNotFound(let key, let c):
            let p = at(c.codingPath)
            return YAMLFileError(path: path, keyPath: render(p + [.key(key.stringValue)]), line: line(p), message: "missing (required)")
        case .typeMismatch(let type, let c), .valueNotFound(let type, let c):
            let p = at(c.codingPath)
            let found = node(root, p).map(Self.show) ?? "nothing"
            return YAMLFileError(path: path, keyPath: render(p), line: line(p), message: "expected \(kind(type)), found \(found)")
        case .dataCorrupted(let c):
            let p = at(c.codingPath)
            return YAMLFileError(path: path, keyPath: render(p), line: line(p), message: c.debugDescription)
        @unknown default:
            return YAMLFileError(path: path, keyPath: "", message: "\(e)")
        }
    }

    private static func kind(_ type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Float.Type: "a number"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt64.Type, is UInt32.Type, is UInt.Type: "an integer"
        case is String.Type: "a text value"
        case is Bool.Type: "true or false"
        case is Node.Mapping.Type: "a mapping (key: value)"
        case is Node.Sequence.Type: "a list"
        default: "\(type)"
        }
    }

    private static func show(_ node: Node) -> String {
        switch node {
        case .scalar(let s): "\"\(s.string)\""
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    private static func node(_ root: Node, _ p: [PathElement]) -> Node? {
        var n: Node? = root
        for e in p {
            switch e {
            case .key(let k): n = n?.mapping?[k]
            case .index(let i): n = n?.sequence.flatMap { i < $0.count ? $0[i] : nil }
            }
        }
        return n
    }

    private static func line(_ error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _): mark.line
        default: nil
        }
    }

    /// "; did you mean `x`?" when a candidate is within a third of the word's length in edits.
    static func suggestion(_ word: String, _ candidates: [String]) -> String {
        guard let best = nearest(word, candidates) else { return "" }
        return "; did you mean \"\(best)\"?"
    }

    /// The candidate with the fewest edits from `word` (case-insensitive), if it is close enough
    /// to be a misspelling: at most a third of the longer word's length, and at least one.
    public static func nearest(_ word: String, _ candidates: [String]) -> String? {
        let scored = candidates.map { ($0, editDistance(Array(word.lowercased()), Array($0.lowercased()))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        return best.1 <= max(1, max(word.count, best.0.count) / 3) ? best.0 : nil
    }

    /// The message for a value that is not one of an enumeration's tokens.
    static func tokenMessage(_ value: String, _ tokens: [String]) -> String {
        "\"\(value)\" is not one of \(tokens.joined(separator: ", "))" + suggestion(value, tokens)
    }
}

// MARK: - Key paths

enum PathElement: Hashable {
    case key(String)
    case index(Int)

    init(_ key: any CodingKey) {
        self = key is IndexKey ? .index(key.intValue ?? 0) : .key(key.stringValue)
    }
}

private func render(_ path: [PathElement]) -> String {
    var out = ""
    for e in path {
        switch e {
        case .key(let k): out += out.isEmpty ? k : ".\(k)"
        case .index(let i): out += "[\(i)]"
        }
    }
    return out
}

/// The key of a sequence element.
struct IndexKey: CodingKey {
    let index: Int
    init(_ index: Int) { self.index = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { index = intValue }
    var stringValue: String { "[\(index)]" }
    var intValue: Int? { index }
}

/// Which keys each mapping (by its key path) was asked for while decoding. A mapping decoded as
/// a dictionary asks for all its keys.
final class KeyTracker {
    var asked: [[PathElement]: Set<String>] = [:]

    /// A mapping decoded as a record: its keys are checked, even if none is asked for.
    func opened(_ path: [PathElement]) { if asked[path] == nil { asked[path] = [] } }
    func ask(_ key: String, at path: [PathElement]) { asked[path, default: []].insert(key) }
}

// MARK: - The decoder

private struct StrictDecoder: Decoder {
    let node: Node
    let path: [PathElement]
    let codingPath: [any CodingKey]
    let tracker: KeyTracker
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(node: Node, path: [PathElement], codingPath: [any CodingKey] = [], tracker: KeyTracker) {
        self.node = node
        self.path = path
        self.codingPath = codingPath
        self.tracker = tracker
    }

    func child(_ node: Node, _ key: any CodingKey) -> StrictDecoder {
        StrictDecoder(node: node, path: path + [PathElement(key)], codingPath: codingPath + [key], tracker: tracker)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard let mapping = node.mapping else { throw mismatch(Node.Mapping.self) }
        tracker.opened(path)
        return KeyedDecodingContainer(KeyedContainer<Key>(decoder: self, mapping: mapping))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard let sequence = node.sequence else { throw mismatch(Node.Sequence.self) }
        return UnkeyedContainer(decoder: self, sequence: sequence)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func mismatch(_ expected: Any.Type) -> DecodingError {
        .typeMismatch(expected, .init(codingPath: codingPath, debugDescription: "expected \(expected)"))
    }
}

extension StrictDecoder: SingleValueDecodingContainer {
    func decodeNil() -> Bool { node.null != nil }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if let tokens = tokenList(T.self) {
            guard let s = node.scalar?.string else { throw mismatch(String.self) }
            guard tokens.contains(s) else {
                throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: StrictYAML.tokenMessage(s, tokens)))
            }
        }
        if let scalarType = T.self as? any ScalarConstructible.Type {
            guard let scalar = node.scalar else { throw mismatch(T.self) }
            guard let value = scalarType.construct(from: scalar) as? T else { throw mismatch(T.self) }
            return value
        }
        return try T(from: self)
    }
}

/// The raw values of an enumeration with string raw values, or nil for other types.
private func tokenList<T>(_ type: T.Type) -> [String]? {
    guard let e = type as? any (CaseIterable & RawRepresentable<String>).Type else { return nil }
    func tokens<E: CaseIterable & RawRepresentable<String>>(_ t: E.Type) -> [String] { E.allCases.map(\.rawValue) }
    return tokens(e)
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: StrictDecoder
    let mapping: Node.Mapping

    var codingPath: [any CodingKey] { decoder.codingPath }

    /// Asking for every key (as a dictionary does) accepts every key.
    var allKeys: [Key] {
        let names = mapping.keys.compactMap(\.string)
        for n in names { decoder.tracker.ask(n, at: decoder.path) }
        return names.compactMap(Key.init(stringValue:))
    }

    func contains(_ key: Key) -> Bool {
        decoder.tracker.ask(key.stringValue, at: decoder.path)
        return mapping[key.stringValue] != nil
    }

    func decodeNil(forKey key: Key) throws -> Bool { try child(key).decodeNil() }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decode(type) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { try child(key).unkeyedContainer() }

    func superDecoder() throws -> any Decoder { decoder }

    func superDecoder(forKey key: Key) throws -> any Decoder { try child(key) }

    private func child(_ key: Key) throws -> StrictDecoder {
        decoder.tracker.ask(key.stringValue, at: decoder.path)
        guard let node = mapping[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing key \(key.stringValue)"))
        }
        return decoder.child(node, key)
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let decoder: StrictDecoder
    let sequence: Node.Sequence
    var currentIndex = 0

    init(decoder: StrictDecoder, sequence: Node.Sequence) {
        self.decoder = decoder
        self.sequence = sequence
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    var count: Int? { sequence.count }
    var isAtEnd: Bool { currentIndex >= sequence.count }

    mutating func decodeNil() throws -> Bool {
        let isNil = try current().decodeNil()
        if isNil { currentIndex += 1 }
        return isNil
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try current().decode(type)
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let c = try current().container(keyedBy: type)
        currentIndex += 1
        return c
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let c = try current().unkeyedContainer()
        currentIndex += 1
        return c
    }

    mutating func superDecoder() throws -> any Decoder {
        let d = try current()
        currentIndex += 1
        return d
    }

    private func current() throws -> StrictDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: codingPath + [IndexKey(currentIndex)], debugDescription: "list ended"))
        }
        return decoder.child(sequence[currentIndex], IndexKey(currentIndex))
    }
}
