from . import phone
from . import workdays
