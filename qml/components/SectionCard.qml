import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A titled panel that groups one part of a page.
Frame {
    id: root

    required property string title
    default property alias content: body.data

    padding: 12

    ColumnLayout {
        anchors.left: parent.left
        anchors.right: parent.right
        spacing: 8

        Label {
            text: root.title
            font.pixelSize: 16
            font.bold: true
        }

        ColumnLayout {
            id: body

            Layout.fillWidth: true
            spacing: 6
        }
    }
}
