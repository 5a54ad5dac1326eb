import QtQuick.Controls

// One role's tick box in a RolePicker.
CheckBox {
    required property string role

    text: role.charAt(0).toUpperCase() + role.slice(1)
}
