from pos.ui.pages.sending.sending_page import SendingPage

__all__ = ["SendingPage"]
