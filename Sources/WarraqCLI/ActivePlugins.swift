import BuiltinPlugins
import Synchronization
import WarraqKit

/// The plugins the command line uses: the built-in ones, and those a package built on
/// `WarraqCLI` adds with ``WarraqCommand/main(plugins:)``.
enum ActivePlugins {
    private static let current = Mutex<PluginRegistry>(BuiltinPlugins.registry)

    static var registry: PluginRegistry {
        get { current.withLock { $0 } }
        set { current.withLock { $0 = newValue } }
    }
}
