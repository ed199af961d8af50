from pos.ui.pages.services.services_page import ServicesPage

__all__ = ["ServicesPage"]
