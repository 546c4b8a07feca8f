/// The region of China a county belongs to for the exit rules (东部 / 中部 / 西部).
///
/// The region sets the incidence below which a village or the county may exit:
/// 2 % in the eastern and central regions, 3 % in the western region.
public enum Region: String, Sendable, CaseIterable, Codable {
    case east, central, west

    /// Incidence (registered poor persons ÷ agricultural population, a fraction) below which
    /// a village or county may exit: 0.02, or 0.03 in the western region.
    public var exitIncidenceThreshold: Double { self == .west ? 0.03 : 0.02 }

    /// Chinese label (东部, 中部, 西部).
    public var chinese: String {
        switch self {
        case .east: return "东部"
        case .central: return "中部"
        case .west: return "西部"
        }
    }
}
