from . import main
from . import portal
from . import open311
from . import webhook
from . import website
