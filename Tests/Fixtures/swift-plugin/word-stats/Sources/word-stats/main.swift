import WordStatsPlugin
import WarraqCLI

// warraq, with this package's plugins beside the built-in ones.
await WarraqCommand.main(plugins: [WordStatsTransform(), WordStatsOutput()])
