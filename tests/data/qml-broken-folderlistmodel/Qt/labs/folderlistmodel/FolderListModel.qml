// A broken Qt.labs.folderlistmodel for gui_dialogs.sh: put first on QML_IMPORT_PATH, it
// makes Qt's fallback file and folder dialogs fail to load as on a computer without the
// module (Qt picks the next import path when a plugin is merely absent, so this one
// fails on an import instead).
import Candor.ModuleThatIsNotInstalled
QtObject {}
