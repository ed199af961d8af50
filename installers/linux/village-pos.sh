#!/bin/sh
# /usr/bin/village-pos: starts Village Station POS from /opt/village-pos.
#
# The bundled Qt carries the IBus input-method plugin but not fcitx's (fcitx builds its plugin
# for the system's Qt only). fcitx5 also answers on the IBus protocol, so under fcitx Chinese
# input keeps working when Qt is pointed at IBus instead of a plugin it cannot load.
case "${QT_IM_MODULE:-}" in
    fcitx*) QT_IM_MODULE=ibus; export QT_IM_MODULE ;;
esac
exec /opt/village-pos/village-pos "$@"
