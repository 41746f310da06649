/// The software version recorded in every manifest.
public enum PaddyMethaneVersion {
    public static let string = "0.1.0"
}
