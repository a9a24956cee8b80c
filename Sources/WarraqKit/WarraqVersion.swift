/// The version of warraq.
public enum WarraqVersion {
    /// The release this build is (semantic versioning).
    public static let current = "0.1.0"
}
